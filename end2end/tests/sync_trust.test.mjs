// The local replica under faults: storage that is full, local state this
// build cannot read. Nothing typed is lost or lands in another field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  assertAccessible,
  signUpCandidate,
  startPortfolio,
  serverPortfolio,
  waitForHydration,
  waitForSynced,
} from './support.mjs';

const KEYS = ['recertification.a2.plan.q1', 'recertification.a2.plan.q2', 'recertification.a2.advice.q1'];
const answer = (page, key) => page.locator(`[data-key="${key}"] textarea`);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function candidateWithPortfolio() {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context);
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel(/^Hercertificering/).check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForSynced(page);
  return { context, page, id, url: page.url() };
}

test('with storage full, edits still sync, the page says so, and a reload loses or misplaces nothing', async () => {
  const { context, page, id, url } = await candidateWithPortfolio();
  for (const key of KEYS) assert.equal(await answer(page, key).count(), 1, key);
  // Saved normally once, then the quota is full for every later write of
  // the drafts (init script: also after the reload).
  await answer(page, KEYS[0]).fill('Eerste veld.');
  await waitForSynced(page);
  await page.waitForTimeout(500); // the 300 ms save (not asserted on)
  await context.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (this === window.localStorage && key.startsWith('rj-portfolio/v1/account/')) {
        throw new DOMException('full', 'QuotaExceededError');
      }
      return set.call(this, key, value);
    };
  });
  await page.reload();
  await waitForHydration(page);
  await answer(page, KEYS[1]).fill('Tweede veld.');
  await page.getByTestId('storage-error').waitFor();
  await waitForSynced(page);
  await assertAccessible(page, 'editor with storage full');

  // The stored copy is older than what was sent: its numbering must not
  // be reused for the next edit.
  await page.goto(url);
  await waitForHydration(page);
  await answer(page, KEYS[2]).fill('Derde veld.');
  await waitForSynced(page);
  assert.equal(await answer(page, KEYS[1]).inputValue(), 'Tweede veld.');
  assert.equal(await answer(page, KEYS[2]).inputValue(), 'Derde veld.');
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.answers[KEYS[0]], 'Eerste veld.');
  assert.equal(detail.answers[KEYS[1]], 'Tweede veld.');
  assert.equal(detail.answers[KEYS[2]], 'Derde veld.');
  await context.close();
});

test('local state this build cannot read is set aside, named, offered as a download, and kept', async () => {
  const { context, page, url } = await candidateWithPortfolio();
  const key = await page.evaluate(() =>
    Object.keys(localStorage).find((k) => k.startsWith('rj-portfolio/v1/account/')),
  );
  const garbage = '{"format": 99, "iets": "van een andere versie"}';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, garbage]);
  await page.goto(url);
  await waitForHydration(page);
  const notice = page.getByTestId('quarantine');
  await notice.waitFor();
  const link = notice.getByRole('link', { name: /Download/ });
  const href = await link.getAttribute('href');
  assert.equal(decodeURIComponent(href.split(',').slice(1).join(',')), garbage);
  await assertAccessible(page, 'editor with set-aside local data');
  // Typing and syncing never overwrite it.
  await answer(page, KEYS[0]).fill('Na het apart zetten.');
  await waitForSynced(page);
  await page.waitForTimeout(500);
  const kept = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith('rj-portfolio/v1/quarantine/'))
      .map(([, v]) => v),
  );
  assert.deepEqual(kept, [garbage]);
  await context.close();
});
