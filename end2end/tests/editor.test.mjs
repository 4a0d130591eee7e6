// The offline-first portfolio editor: local replica, service worker, sync
// and conflicts, in Chromium at phone size.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  signUpCandidate,
  secondDevice,
  waitForStatus,
  waitForSynced,
  BASE_URL,
} from './support.mjs';

const KEY = 'recertification.a2.plan.q1';
const answer = (page) => page.locator(`[data-key="${KEY}"] textarea`);
const status = (page) => page.getByTestId('sync-status');

let browser;
let first; // { context, page, authenticator, portfolioUrl, portfolioId }
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The app is fully cached and controls the page. */
async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

test('an answer typed offline survives a reload and reaches the server', async () => {
  const { context, page } = await phonePage(browser);
  const authenticator = await signUpCandidate(page, context);
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Nieuw portfolio' }).tap();
  await page.getByLabel('Hercertificering').check();
  await page.getByLabel('Einddatum certificaat').fill('2027-06-30');
  await page.getByRole('button', { name: 'Portfolio aanmaken' }).tap();
  await page.waitForURL('**/portfolio?id=*');
  const portfolioId = new URL(page.url()).searchParams.get('id');
  await waitForStatus(page, 'Gesynchroniseerd');
  assert.equal(await page.getByRole('status').filter({ hasText: 'Gesynchroniseerd' }).count(), 1);

  await answer(page).fill('Ik wilde meer leren over re-integratie.');
  await waitForStatus(page, 'Gesynchroniseerd');
  await assertAccessible(page, 'editor');
  await screenshot(page, 'editor-360x740');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await answer(page).focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' Offline geschreven.');
  await waitForStatus(page, 'Offline');
  await page.waitForTimeout(500); // the 300 ms local save
  await page.reload();
  await waitForHydration(page);
  await page.waitForFunction(
    (key) => document.querySelector(`[data-key="${key}"] textarea`)?.value.includes('Offline geschreven.'),
    KEY,
    { timeout: 20000 },
  );
  await waitForStatus(page, 'Offline');
  await screenshot(page, 'editor-offline-360x740');

  await context.setOffline(false);
  await waitForStatus(page, 'Gesynchroniseerd');
  const detail = await (await page.request.get(`${BASE_URL}/api/portfolios/${portfolioId}`)).json();
  assert.equal(detail.answers[KEY], 'Ik wilde meer leren over re-integratie. Offline geschreven.');
  first = { context, page, authenticator, portfolioUrl: page.url(), portfolioId };
});

// Issue 12: an activity counts only with evidence; until then its points
// are shown as "nog zonder bewijs", apart from the points "met bewijs".
test("the PE register's bars follow added activities", async () => {
  const { page } = first;
  const total = page.getByTestId('pe-total');
  assert.match(await total.textContent(), /^0 van 75 punten met bewijs/);
  await page.getByRole('button', { name: 'Activiteit toevoegen' }).tap();
  const row = page.getByTestId('pe-row').first();
  await row.getByLabel(/^Aantal/).fill('12');
  await page.getByTestId('pe-pending').getByText('Nog zonder bewijs: 12 punten').waitFor();
  assert.match(await total.textContent(), /^0 van 75 punten met bewijs/);
  assert.match(await page.getByTestId('pe-category-1').textContent(), /nog zonder bewijs: 12/);
  assert.match(await row.getByTestId('pe-row-points').textContent(), /12 nog zonder bewijs/);
  await waitForStatus(page, 'Gesynchroniseerd');
  await assertAccessible(page, 'editor with PE register');
  await row.screenshot({ path: new URL('../test-output/editor-pe-row.png', import.meta.url).pathname });
});

test('the same answer edited offline on two devices becomes a resolvable conflict', async () => {
  const { page: phone, authenticator, portfolioUrl, portfolioId } = first;
  const { context: tablet, page } = await secondDevice(browser, authenticator);
  await page.goto(portfolioUrl);
  await waitForHydration(page);
  await waitForStatus(page, 'Gesynchroniseerd');
  await page.waitForFunction((key) => document.querySelector(`[data-key="${key}"] textarea`)?.value.length > 0, KEY);

  await first.context.setOffline(true);
  await tablet.setOffline(true);
  await answer(phone).fill('Versie van de telefoon.');
  await answer(page).fill('Versie van de tablet.');
  await waitForStatus(phone, 'Offline');
  await waitForStatus(page, 'Offline');

  await first.context.setOffline(false);
  await waitForStatus(phone, 'Gesynchroniseerd');
  await tablet.setOffline(false);
  await waitForStatus(page, 'conflict');
  const conflict = page.getByTestId('conflict');
  await conflict.waitFor();
  assert.match(await conflict.textContent(), /Versie van de telefoon\./);
  assert.match(await conflict.textContent(), /Versie van de tablet\./);
  await assertAccessible(page, 'editor with a conflict');
  await conflict.screenshot({ path: new URL('../test-output/editor-conflict.png', import.meta.url).pathname });

  await conflict.getByRole('button', { name: 'Beide samenvoegen' }).tap();
  await waitForSynced(page);
  assert.equal(await page.getByTestId('conflict').count(), 0);
  const detail = await (await page.request.get(`${BASE_URL}/api/portfolios/${portfolioId}`)).json();
  assert.equal(detail.answers[KEY], 'Versie van de telefoon.\n\nVersie van de tablet.');
  await tablet.close();
  await first.context.close();
});
