// The public self-check (issue 3): route and PE calculator run on the shared
// rules in the browser, also offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, waitForHydration, assertAccessible, screenshot, BASE_URL } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('route: an accredited Capabel diploma after July 2015 gives the shortened route', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto(BASE_URL + '/zelftest');
  await waitForHydration(page);
  await page.getByLabel('Datum van je aanvraag').fill('2026-11-24');
  await page.getByLabel('Vooropleiding').selectOption('hbo');
  await page.getByLabel('Jobcoachopleiding').selectOption('accredited_diploma');
  await page.getByLabel('Opleidingsinstituut').selectOption('capabel');
  await page.getByLabel('Datum jobcoachdiploma').fill('2016-03-01');
  await assert.doesNotReject(page.getByTestId('route-name').getByText('Verkorte route').waitFor());
  const result = await page.getByTestId('route-result').innerText();
  assert.match(result, /Vrijgesteld/);
  assert.match(result, /vrijgesteld van het toetsgesprek/);

  // 002 says "na juli 2015", the FAQ "vanaf 1 juli": July gets the full route and a warning.
  await page.getByLabel('Datum jobcoachdiploma').fill('2015-07-15');
  await assert.doesNotReject(page.getByTestId('route-name').getByText('Volledige route').waitFor());
  assert.match(await page.getByTestId('route-result').innerText(), /juli/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('PE calculator: bars follow added activities and work offline', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto(BASE_URL + '/zelftest');
  await waitForHydration(page);
  // The worker registers after hydration; offline in the middle of its
  // script's fetch, Chromium logs that failure as a console error.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  await context.setOffline(true);
  await page.getByLabel('Einddatum certificaat').fill('2027-09-30');
  await assert.doesNotReject(page.getByTestId('recert-deadline').getByText('30 juni 2027').waitFor());

  await page.getByRole('button', { name: 'Activiteit toevoegen' }).tap();
  await page.getByLabel('Datum', { exact: true }).fill('2025-03-10');
  await page.getByLabel(/^Aantal/).fill('40');
  await assert.doesNotReject(page.getByTestId('pe-1-punten').getByText('40 punten').waitFor());
  // Category 1 has a minimum of 30 and no maximum: all 40 count.
  assert.match(await page.getByTestId('pe-category-1').innerText(), /^40 punten/);
  assert.match(await page.getByTestId('pe-total').innerText(), /40 van 75 punten/);
  const meterValue = await page.locator('.pe-category[data-category="1"] meter').getAttribute('value');
  assert.equal(meterValue, '30', 'the bar is full at the minimum of 30');

  // Without evidence an activity earns nothing.
  await page.getByLabel('Ik heb een bewijsstuk').uncheck();
  await assert.doesNotReject(page.getByTestId('pe-total').getByText('0 van 75 punten').waitFor());
  await context.setOffline(false);
  await assertAccessible(page, 'zelftest');
  await screenshot(page, 'zelftest-360x740');
  assert.deepEqual(errors, []);
  await context.close();
});
