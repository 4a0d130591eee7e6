// A candidate for the bench, made the way the browser tests make one
// (end2end/tests/support.mjs): a passkey from Chromium's virtual
// authenticator, a portfolio through the API, answers pushed through
// /api/sync/push as another device of theirs would.
import { signUpCandidate, waitForHydration as hydrated } from '../tests/support.mjs';

export { signUpCandidate };

/** The bench's pages hydrate at 4× CPU too: more time than a test's. */
export function waitForHydration(page) {
  return hydrated(page, 60000);
}

export async function createPortfolio(page, baseUrl, kind = 'initial') {
  const me = await (await page.request.get(`${baseUrl}/api/me`)).json();
  const created = await page.request.post(`${baseUrl}/api/portfolios`, {
    headers: { origin: baseUrl },
    data: { account_id: me.id, kind },
  });
  if (created.status() !== 201) throw new Error(`create portfolio: ${created.status()} ${await created.text()}`);
  return (await created.json()).id;
}

/** Opens the editor of `id` and waits until its answers are on screen. */
export async function openEditor(page, baseUrl, id) {
  await page.goto(`${baseUrl}/portfolio?id=${id}`);
  await waitForHydration(page);
  await page.waitForSelector('textarea.answer', { timeout: 30000 });
}

// Plain Dutch words, so word counts and the privacy hint see ordinary text.
const VOCABULARY = (
  'de het een en van in op met voor dat is was werk kandidaat traject gesprek doel ' +
  'werkgever begeleiding afspraak week maand samen verder plan stap resultaat ' +
  'ervaring reflectie leren zelf team overleg keuze vraag antwoord moment situatie'
).split(' ');

function text(words, seed) {
  const out = [];
  let x = seed + 1;
  for (let i = 0; i < words; i += 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(VOCABULARY[x % VOCABULARY.length]);
    if (i % 15 === 14) out[out.length - 1] += '.';
  }
  return out.join(' ');
}

/**
 * Spreads `words` words over every text answer the editor shows for `id`
 * and pushes them; returns { answers, words, bytes }. Leaves the editor
 * open with the answers pulled into the device's replica.
 */
export async function fillPortfolio(page, baseUrl, id, words) {
  await openEditor(page, baseUrl, id);
  const keys = await page.evaluate(() =>
    [...document.querySelectorAll('.question[data-key] textarea.answer')].map((t) => t.closest('.question').dataset.key),
  );
  if (keys.length === 0) throw new Error('the editor shows no text answers');
  const me = await (await page.request.get(`${baseUrl}/api/me`)).json();
  const per = Math.ceil(words / keys.length);
  const values = keys.map((key, i) => ({ key, value: text(per, i) }));
  const client = `bench-${id}`;
  for (let start = 0; start < values.length; start += 100) {
    const mutations = values.slice(start, start + 100).map((v, i) => ({
      id: { client_id: client, seq: start + i + 1 },
      portfolio_id: id,
      target: { kind: 'answer', key: v.key },
      base_version: 0,
      op: 'set',
      value: { type: 'text', value: v.value },
    }));
    const pushed = await page.request.post(`${baseUrl}/api/sync/push`, {
      headers: { origin: baseUrl },
      data: { account_id: me.id, client_id: client, mutations },
    });
    if (pushed.status() !== 200) throw new Error(`push: ${pushed.status()} ${await pushed.text()}`);
    const refused = (await pushed.json()).results.filter((x) => x.outcome === 'rejected');
    if (refused.length) throw new Error(`push refused: ${JSON.stringify(refused[0])}`);
  }
  // Reopen: the sync loop pulls the answers into the replica.
  await openEditor(page, baseUrl, id);
  const first = values[0];
  await page.waitForFunction(
    ({ key, length }) =>
      document.querySelector(`.question[data-key="${key}"] textarea.answer`)?.value.length === length,
    { key: first.key, length: first.value.length },
    { timeout: 30000 },
  );
  // ... and saves them on the device within its save delay.
  await page.waitForFunction(
    (bytes) =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('rj-portfolio/v1/account/'))
        .some((k) => localStorage.getItem(k).length >= bytes),
    values.reduce((n, v) => n + v.value.length, 0),
    { timeout: 30000 },
  );
  return {
    key: first.key,
    answers: keys.length,
    words: per * keys.length,
    bytes: values.reduce((n, v) => n + v.value.length, 0),
  };
}
