// Typing into an answer of a large portfolio: what a keystroke costs.
// - The editor's own measures (performance.measure, hydrate build only):
//   `rj-edit` (the edit of the local replica, on every keystroke) and
//   `rj-save` (writing the replica to localStorage, at most every 300 ms
//   and on leaving the page).
// - Interaction to Next Paint from the Event Timing API (a
//   PerformanceObserver of `event` entries, durationThreshold 16): the
//   longest interaction ignoring one in 50, as Chromium reports INP.
import { waitForHydration } from './candidate.mjs';

export const EDIT_MEASURE = 'rj-edit';
export const SAVE_MEASURE = 'rj-save';

function observe() {
  window.__bench = { events: [], measures: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.interactionId) window.__bench.events.push({ id: e.interactionId, name: e.name, duration: e.duration });
    }
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
  // The editor clears its measures from the timeline at once (so they do
  // not pile up); an observer still gets each.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.measures.push({ name: e.name, duration: e.duration });
  }).observe({ type: 'measure' });
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null);
  return {
    count: sorted.length,
    median: at(0.5),
    p98: at(0.98),
    max: sorted.length ? sorted[sorted.length - 1] : null,
    total: sorted.reduce((n, v) => n + v, 0),
  };
}

/**
 * Types `keystrokes` characters at the end of the first text answer of
 * portfolio `id`, one every `interval` ms, with the CPU slowed down
 * `throttle` times; then reloads and checks that the text is still there.
 */
export async function typingBench(context, baseUrl, id, key, { throttle = 1, keystrokes = 200, interval = 100 }) {
  const page = await context.newPage();
  await page.addInitScript(observe);
  const cdp = await context.newCDPSession(page);
  try {
    await page.goto(`${baseUrl}/portfolio?id=${id}`);
    await waitForHydration(page);
    const selector = `.question[data-key="${key}"] textarea.answer`;
    const area = page.locator(selector);
    await area.waitFor();
    await page.waitForFunction((sel) => document.querySelector(sel)?.value.length > 0, selector, {
      timeout: 30000,
    });
    const before = await area.inputValue();
    await area.focus();
    await area.evaluate((t) => t.setSelectionRange(t.value.length, t.value.length));
    // Let the page settle, then start counting from here.
    await page.waitForTimeout(1000);
    await page.evaluate(() => {
      window.__bench.events = [];
      window.__bench.measures = [];
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const typed = ' bench'.repeat(Math.ceil(keystrokes / 6)).slice(0, keystrokes);
    const startedAt = Date.now();
    for (const ch of typed) {
      await page.keyboard.type(ch);
      await page.waitForTimeout(interval);
    }
    const typingMs = Date.now() - startedAt;
    // The last save is due within its delay.
    await page.waitForTimeout(1500);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const seen = await page.evaluate(
      ([edit, save, sel]) => ({
        events: window.__bench.events,
        edit: window.__bench.measures.filter((m) => m.name === edit).map((m) => m.duration),
        save: window.__bench.measures.filter((m) => m.name === save).map((m) => m.duration),
        chars: document.querySelector(sel).value.length,
      }),
      [EDIT_MEASURE, SAVE_MEASURE, selector],
    );
    // One interaction per key (keydown and keyup share an interactionId).
    const perInteraction = new Map();
    for (const e of seen.events) perInteraction.set(e.id, Math.max(perInteraction.get(e.id) ?? 0, e.duration));
    const durations = [...perInteraction.values()].sort((a, b) => b - a);
    // Chromium's INP: the worst interaction, ignoring one per 50. Keys
    // faster than the observer's 16 ms threshold are not reported; they
    // count as interactions all the same.
    const skip = Math.floor(keystrokes / 50);
    const inp = durations.length > skip ? durations[skip] : null;

    // Nothing typed may be lost: the text is there after a reload.
    await page.reload();
    await waitForHydration(page);
    const expected = before + typed;
    let kept = false;
    try {
      await page.waitForFunction(
        ({ selector, expected }) => document.querySelector(selector)?.value === expected,
        { selector, expected },
        { timeout: 15000 },
      );
      kept = true;
    } catch {
      kept = false;
    }
    return {
      throttle,
      keystrokes,
      interval,
      typingMs,
      answerChars: before.length,
      kept,
      inp,
      interactionsOver16: durations.length,
      worst: durations[0] ?? null,
      edit: stats(seen.edit),
      save: stats(seen.save),
    };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}
