// Bytes per chunk: every wasm, JS and CSS file of the site's pkg/ dir, raw
// and as the brotli copy cargo-leptos writes beside it in release, however
// many there are. "First load" is what the browser actually fetched on the
// candidate's pages in the Lighthouse runs (its script and wasm requests),
// not a list of names.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isCode } from './lighthouse.mjs';

/** The pages a candidate opens (not the public register). */
export const CANDIDATE_PAGES = ['/', '/zelftest', '/inloggen', '/registreren', 'editor'];

export function listChunks(siteRoot, lighthouseRuns) {
  const pkg = join(siteRoot, 'pkg');
  const files = readdirSync(pkg)
    .filter((name) => /\.(wasm|js|css|json)$/.test(name))
    .sort()
    .map((name) => {
      const br = join(pkg, `${name}.br`);
      return {
        name,
        raw: statSync(join(pkg, name)).size,
        brotli: existsSync(br) ? statSync(br).size : null,
      };
    });
  const byName = new Map(files.map((f) => [f.name, f]));
  const fetched = new Map();
  for (const run of lighthouseRuns.filter((r) => CANDIDATE_PAGES.includes(r.label))) {
    for (const request of run.code.filter(isCode)) {
      const path = new URL(request.url).pathname;
      if (!path.startsWith('/pkg/')) continue;
      const name = path.slice('/pkg/'.length);
      const entry = fetched.get(name) ?? { name, pages: [], transfer: request.transferSize };
      entry.pages.push(run.label);
      entry.transfer = Math.max(entry.transfer, request.transferSize);
      fetched.set(name, entry);
    }
  }
  const firstLoad = [...fetched.values()].map((f) => ({
    ...f,
    raw: byName.get(f.name)?.raw ?? null,
    brotli: byName.get(f.name)?.brotli ?? null,
  }));
  // A first load opens one page: the main module and that page's chunks.
  const perPage = CANDIDATE_PAGES.map((label) => {
    const mine = firstLoad.filter((f) => f.pages.includes(label));
    return { label, brotli: mine.reduce((n, f) => n + (f.brotli ?? f.transfer), 0), files: mine.length };
  });
  return {
    files,
    firstLoad,
    perPage,
    firstLoadBrotli: firstLoad.reduce((n, f) => n + (f.brotli ?? f.transfer), 0),
    firstLoadTransfer: firstLoad.reduce((n, f) => n + f.transfer, 0),
  };
}
