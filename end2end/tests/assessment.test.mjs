// Submission (issue 14) in Chromium at phone size: "Portfolio indienen"
// stays closed while the portfolio is incomplete and names what is
// missing, in Dutch; the server refuses a submit of the same portfolio with
// the same list (422 incomplete). axe on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  signUpCandidate,
  startPortfolio,
  waitForStatus,
  BASE_URL,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('an incomplete portfolio cannot be submitted: the page says what is missing', async () => {
  const { context, page, errors } = await phonePage(browser);
  await signUpCandidate(page, context);
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel('Hercertificering').check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');

  await page.goto(`${BASE_URL}/indienen?id=${id}`);
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'Portfolio indienen' }).waitFor();
  await page.getByRole('heading', { name: 'Wat nog ontbreekt' }).waitFor();
  const missing = page.getByTestId('missing').locator('li');
  await missing.first().waitFor();
  const shown = await missing.allTextContents();
  assert.ok(shown.length > 1, `several things are missing: ${shown}`);
  // Ticking the closing declaration does not open the button.
  await page.getByLabel(/^Ik verklaar dat ik dit portfolio naar waarheid/).check();
  assert.equal(await page.getByRole('button', { name: 'Portfolio indienen' }).isDisabled(), true);
  await assertAccessible(page, '/indienen with an incomplete portfolio');
  await screenshot(page, 'submit-incomplete-360x740');

  // The server runs the same rules.
  const reply = await page.request.post(`${BASE_URL}/api/portfolios/${id}/submit`, {
    headers: { origin: BASE_URL },
    data: { declaration: true },
  });
  assert.equal(reply.status(), 422);
  const body = await reply.json();
  assert.equal(body.error.code, 'incomplete');
  const fromServer = body.error.missing.map((m) => m.message);
  for (const message of shown) assert.ok(fromServer.includes(message.trim()), `server does not name: ${message}`);
  assert.deepEqual(errors, []);
  await context.close();
});
