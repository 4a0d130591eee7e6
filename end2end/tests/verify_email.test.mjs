// E-mail verification in a real browser: a candidate signs up, sees that
// their address is not confirmed yet, asks for the link again, opens the
// link from the server log (no SMTP in tests: the server logs it, marked
// "NIET PER E-MAIL VERSTUURD", in the file scripts/e2e.sh names in
// SERVER_LOG) and sees it confirmed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  addVirtualAuthenticator,
  acceptPrivacy,
  BASE_URL,
  verificationLinks,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a candidate confirms their address with the link from the mail', async () => {
  const { context, page, errors } = await phonePage(browser);
  await addVirtualAuthenticator(context, page);
  const email = `bevestig.${Date.now()}@example.nl`;
  await page.goto(BASE_URL + '/registreren');
  await waitForHydration(page);
  await page.getByLabel('Naam').fill('Bo Bevestig');
  await page.getByLabel('E-mailadres').fill(email);
  await acceptPrivacy(page);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  const afterSignUp = verificationLinks().length;
  assert.ok(afterSignUp >= 1, 'the sign-up sent a verification link');

  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  const notice = page.getByRole('heading', { name: 'E-mailadres nog niet bevestigd' });
  await notice.waitFor();
  await page.getByText(email).first().waitFor();
  await page.getByRole('button', { name: 'Opnieuw versturen' }).tap();
  await page.getByText('Verstuurd. Open de link in de e-mail').waitFor();
  await assertAccessible(page, '/ with the unconfirmed-address notice');
  await screenshot(page, 'verify-email-notice');
  const links = verificationLinks();
  assert.equal(links.length, afterSignUp + 1, 'asking again sent a fresh link');
  const link = links[links.length - 1];

  await page.goto(link);
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'E-mailadres bevestigen' }).waitFor();
  await page.getByText('is bevestigd').waitFor();
  await page.getByText(email).first().waitFor();
  await assertAccessible(page, '/e-mail-bevestigen');
  await screenshot(page, 'verify-email-confirmed');

  // Home no longer asks; the account page neither.
  await page.goto(BASE_URL + '/account');
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'Mijn account' }).waitFor();
  await page.getByText(email).first().waitFor();
  assert.equal(await notice.count(), 0, 'the notice is gone once confirmed');

  // The link works once; the first one was voided by asking again.
  for (const used of [link, links[afterSignUp - 1]]) {
    await page.goto('about:blank');
    await page.goto(used);
    await waitForHydration(page);
    await page.getByRole('alert').filter({ hasText: 'ongeldig, verlopen of al gebruikt' }).waitFor();
  }
  await assertAccessible(page, '/e-mail-bevestigen with a used link');
  assert.deepEqual(
    errors.filter((e) => !/Failed to load resource/.test(e)),
    [],
    'no script errors',
  );
  await context.close();
});
