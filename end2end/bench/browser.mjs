// The browser half of `make bench`: one headless Debian Chromium (driven by
// playwright-core, its DevTools port open for Lighthouse) against the server
// at BASE_URL, which scripts/bench-browser.sh starts on a fresh database.
// Prints a Markdown section (`### Browser`) to stdout; progress goes to
// stderr. Measurements only: nothing here passes or fails on a number.
//
//   BASE_URL   the server (required)
//   SITE_ROOT  the site root it serves (its pkg/ is listed)
//   BENCH_JSON where to write the raw numbers as JSON (optional)
//   BENCH_KEYSTROKES  keystrokes per typing run (default 200)
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

import { runLighthouse, clearWorkerAndCaches } from './lighthouse.mjs';
import { signUpCandidate, createPortfolio, fillPortfolio, openEditor } from './candidate.mjs';
import { typingBench } from './typing.mjs';
import { listChunks } from './chunks.mjs';
import { markdown } from './report.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PHONE } from '../tests/support.mjs';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) throw new Error('BASE_URL is required');
const SITE_ROOT = process.env.SITE_ROOT ?? 'target/site';
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 200);
const WORDS = Number(process.env.BENCH_WORDS ?? 10000);

const PUBLIC_PAGES = ['/', '/zelftest', '/inloggen', '/registreren', '/register'];

export function log(...args) {
  console.error('[bench]', ...args);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const started = Date.now();
const profile = mkdtempSync(join(tmpdir(), 'rj-bench-chromium-'));
const port = await freePort();
// A persistent context is the browser's default context: the tab Lighthouse
// opens over the DevTools port shares its cookies and storage, so the editor
// is measured signed in.
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM_PATH,
  headless: true,
  ...PHONE,
  args: [`--remote-debugging-port=${port}`, ...CHROMIUM_ARGS],
});

const results = { base_url: BASE_URL, lighthouse: [], typing: [], chunks: null };
try {
  // Signed out first: Lighthouse's storage reset would sign the candidate out.
  for (const path of PUBLIC_PAGES) {
    log('Lighthouse', path);
    results.lighthouse.push(await runLighthouse(port, BASE_URL + path, { label: path }));
  }

  log('candidate: sign-up and a portfolio of', WORDS, 'words');
  const page = context.pages()[0] ?? (await context.newPage());
  await signUpCandidate(page, context, 'Bram Bench');
  const id = await createPortfolio(page, BASE_URL);
  const filled = await fillPortfolio(page, BASE_URL, id, WORDS);
  results.portfolio = filled;
  // The editor pulls the answers into the device's replica (localStorage).
  await openEditor(page, BASE_URL, id);

  // The editor as a returning candidate opens it: signed in, drafts on the
  // device, but the service worker's copies gone, so the wasm and JS come
  // over the (simulated) network as at a first load.
  await clearWorkerAndCaches(page, BASE_URL);
  await page.goto('about:blank');
  log('Lighthouse editor');
  results.lighthouse.push(
    await runLighthouse(port, `${BASE_URL}/portfolio?id=${id}`, { label: 'editor', keepStorage: true }),
  );

  for (const throttle of [1, 4]) {
    log(`typing: ${KEYSTROKES} keystrokes, CPU ×${throttle}`);
    results.typing.push(await typingBench(context, BASE_URL, id, filled.key, { throttle, keystrokes: KEYSTROKES }));
  }

  results.chunks = listChunks(SITE_ROOT, results.lighthouse);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
results.seconds = Math.round((Date.now() - started) / 1000);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
process.stdout.write(markdown(results));
