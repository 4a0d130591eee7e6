// The Markdown section of BENCHMARKS.md for the browser half of the bench.

const kb = (bytes) => (bytes == null ? '–' : `${(bytes / 1024).toFixed(1)} KB`);
const s = (ms) => (ms == null ? '–' : `${(ms / 1000).toFixed(2)} s`);
const ms = (v, digits = 0) => (v == null ? '–' : `${v.toFixed(digits)} ms`);
const mark = (ok) => (ok ? '✓' : '✗');
// Lighthouse shows three decimals; a shift below that is still a shift.
const cls = (v) => (v > 0 && v < 0.001 ? v.toExponential(1) : v.toFixed(3));

export function markdown(r) {
  const out = [];
  const lh = r.lighthouse;
  const t = lh[0]?.throttling;
  out.push('### Browser', '');
  out.push(
    `Headless Debian Chromium, one run each; Lighthouse ${lh[0]?.version ?? ''} mobile defaults` +
      (t ? ` (simulated: RTT ${t.rttMs} ms, ${(t.throughputKbps / 1024).toFixed(1)} Mbit/s, CPU ×${t.cpuSlowdownMultiplier})` : '') +
      `. The editor is measured signed in, with a portfolio of ${r.portfolio?.words ?? '?'} words in ` +
      `${r.portfolio?.answers ?? '?'} answers on the device, its service worker and caches cleared first. ` +
      `Targets (issue 16): performance ≥ 95, LCP ≤ 2.5 s, CLS 0.`,
    '',
  );
  out.push('#### Lighthouse mobile', '');
  out.push('| page | score | LCP | LCP floor¹ | CLS | TBT | FCP | wasm+JS transferred | HTML |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const p of lh) {
    out.push(
      `| ${p.label === 'editor' ? 'editor (`/portfolio?id=…`)' : '`' + p.label + '`'} | ${p.score} ${mark(p.score >= 95)} | ` +
        `${s(p.lcp)} ${mark(p.lcp <= 2500)} | ${s(p.floorMs)} | ${cls(p.cls)} ${mark(p.cls === 0)} | ` +
        `${ms(p.tbt)} | ${s(p.fcp)} | ${kb(p.codeTransfer)} | ${kb(p.documentBytes)} |`,
    );
  }
  out.push(
    '',
    '¹ The floor no page can beat on the simulated link: a round trip for the connection, one each for the HTML and the stylesheet, and their transferred bytes at its throughput.',
    '',
  );
  const lcpNotes = lh.filter((p) => p.lcpElement);
  if (lcpNotes.length) {
    out.push('LCP element per page:', '');
    for (const p of lcpNotes) out.push(`- ${p.label}: \`${p.lcpElement.replace(/`/g, "'").slice(0, 120)}\``);
    out.push('');
  }

  const c = r.chunks;
  if (c) {
    out.push('#### Bytes per chunk (`pkg/`)', '');
    out.push('| file | raw | brotli | fetched at first load by |');
    out.push('| --- | ---: | ---: | --- |');
    const fetched = new Map(c.firstLoad.map((f) => [f.name, f]));
    for (const f of c.files) {
      const pages = fetched.get(f.name)?.pages;
      out.push(`| \`${f.name}\` | ${kb(f.raw)} | ${kb(f.brotli)} | ${pages ? [...new Set(pages)].join(', ') : '–'} |`);
    }
    out.push(
      '',
      `**First load of a candidate's pages** (every wasm and JS file Chromium fetched on ${'`/`, `/zelftest`, `/inloggen`, `/registreren` and the editor'}): ` +
        `${kb(c.firstLoadBrotli)} brotli (${kb(c.firstLoadTransfer)} transferred) ${mark(c.firstLoadBrotli <= 250 * 1024)} target ≤ 250 KB.`,
      '',
    );
    if (c.perPage?.length) {
      out.push('First load of each page alone (the main module and the chunks that page fetched):', '');
      out.push('| page | files | brotli |', '| --- | ---: | ---: |');
      for (const p of c.perPage) out.push(`| ${p.label} | ${p.files} | ${kb(p.brotli)} ${mark(p.brotli <= 250 * 1024)} |`);
      out.push('');
    }
  }

  if (r.typing?.length) {
    const k = r.typing[0];
    out.push('#### Typing in a large portfolio', '');
    out.push(
      `${k.keystrokes} keystrokes, one every ${k.interval} ms, at the end of an answer of ${k.answerChars} characters, ` +
        `in a portfolio of ${r.portfolio?.words ?? '?'} words. \`rj-edit\`: the edit of the local replica (every keystroke); ` +
        '`rj-save`: writing the replica to localStorage (at most every 300 ms and when the page is hidden). ' +
        'INP: the longest interaction ignoring one in 50, from Event Timing entries ≥ 16 ms. ' +
        'Targets: save ≤ 4 ms, INP ≤ 100 ms.',
      '',
    );
    out.push('| CPU | INP | worst | interactions ≥ 16 ms | edit median / p98 | saves | save median / p98 / max | text kept after reload |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    for (const run of r.typing) {
      const inp = run.inp == null ? '< 16 ms ✓' : `${ms(run.inp)} ${mark(run.inp <= 100)}`;
      const edit = run.edit.count ? `${ms(run.edit.median, 2)} / ${ms(run.edit.p98, 2)}` : 'not instrumented';
      const save = run.save.count
        ? `${ms(run.save.median, 2)} / ${ms(run.save.p98, 2)} / ${ms(run.save.max, 2)} ${mark(run.save.max <= 4)}`
        : 'not instrumented';
      out.push(
        `| ${run.throttle === 1 ? 'unthrottled' : `×${run.throttle}`} | ${inp} | ${ms(run.worst)} | ${run.interactionsOver16} | ${edit} | ${run.save.count} | ${save} | ${run.kept ? 'yes' : '**no**'} |`,
      );
    }
    out.push('');
  }
  out.push(`Browser bench run time: ${r.seconds ?? '?'} s.`, '');
  return out.join('\n');
}
