// "Laten ondertekenen" (issue 12): a candidate fills in the declaration
// "Werkzaam als uitvoerend jobcoach" (recertification A1), asks for a
// signature, the signer opens the link in another browser without an
// account and signs; the portfolio shows "Ondertekend door … op …", and
// changing a field voids the signature. At phone size, axe on each screen.
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

const KEY = 'recertification.a1.q2';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a declaration is signed through its link and voided by a change', async () => {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context, 'Kim de Vries');
  await startPortfolio(page, async (p) => {
    await p.getByLabel('Hercertificering').check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');

  const declaration = page.locator(`[data-key="${KEY}"]`);
  await declaration.getByLabel('Organisatie waar je werkt').fill('Werkbedrijf Noord');
  await declaration.getByLabel('Functie', { exact: true }).fill('Jobcoach');
  await declaration.getByLabel('Werkzaam als uitvoerend jobcoach sinds').fill('2019-09-01');
  await declaration.getByRole('button', { name: 'Laten ondertekenen' }).tap();
  await declaration.getByLabel('Naam van de ondertekenaar').fill('Wim Werkgever');
  await declaration.getByLabel('Rol of functie van de ondertekenaar').fill('Leidinggevende');
  await declaration.getByLabel('E-mailadres van de ondertekenaar').fill('wim@example.nl');
  await waitForStatus(page, 'Gesynchroniseerd');
  await declaration.getByRole('button', { name: 'Verzoek versturen' }).tap();
  const linkField = declaration.getByTestId('signing-link');
  await linkField.waitFor();
  const link = await linkField.inputValue();
  assert.match(link, /\/ondertekenen#token=[0-9a-f]{64}$/);
  const status = declaration.getByTestId('declaration-status');
  await status.getByText('Verstuurd naar Wim Werkgever').waitFor();
  await assertAccessible(page, 'editor with a signing request');
  await screenshot(page, 'declaration-request-360x740');

  // The signer: another browser, no account.
  const signer = await phonePage(browser);
  await signer.page.goto(link);
  await waitForHydration(signer.page);
  const text = signer.page.getByTestId('declaration-text');
  await text.waitFor();
  assert.match(await signer.page.locator('main, body').first().innerText(), /Kim de Vries/);
  assert.match(await text.innerText(), /Werkbedrijf Noord/);
  assert.match(await text.innerText(), /in de afgelopen vier jaar actief cliënten en organisaties/);
  await assertAccessible(signer.page, 'signing page');
  await screenshot(signer.page, 'signing-page-360x740');
  const width = await signer.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the signing page fits 360 px (scrollWidth ${width})`);
  await signer.page.getByLabel('Je naam (zoals je ondertekent)').fill('W. Werkgever');
  await signer.page.getByRole('button', { name: 'Ondertekenen' }).tap();
  await signer.page.getByTestId('signing-done').waitFor();
  await assertAccessible(signer.page, 'signing page, signed');
  // The link works once.
  await signer.page.reload();
  await waitForHydration(signer.page);
  await signer.page.getByText('Deze link is al gebruikt').waitFor();
  await signer.context.close();

  // The candidate sees the signature after a reload.
  await page.reload();
  await waitForHydration(page);
  await status.getByText(/^Ondertekend door W\. Werkgever op \d+ \w+ \d{4}\.$/).waitFor();

  // Changing a field voids it.
  await declaration.getByLabel('Functie', { exact: true }).fill('Senior jobcoach');
  await status.getByText(/^Vervallen door wijziging/).waitFor();
  await assertAccessible(page, 'editor with a voided declaration');
  await context.close();
});
