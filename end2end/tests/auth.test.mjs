// Accounts and passkeys in a real browser: Chromium's virtual authenticator
// (through the DevTools protocol) stands in for a phone's passkey.
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
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/**
 * "Uitloggen" asks what to do with this device's drafts; these people have no
 * portfolio, so the dialog says there is nothing to keep and only confirms.
 */
async function signOut(page) {
  await page.locator('.site-header').getByRole('button', { name: 'Uitloggen' }).tap();
  await confirmSignOutWithoutDrafts(page);
}

async function confirmSignOutWithoutDrafts(page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Er staan geen concepten van je op dit apparaat.').waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Uitloggen en concepten bewaren' }).count(), 0);
  await dialog.getByRole('button', { name: 'Uitloggen', exact: true }).tap();
  await page.waitForURL('**/inloggen');
}

/** Console errors other than the browser's own notes about refused requests. */
function realErrors(errors) {
  return errors.filter((e) => !/Failed to load resource/.test(e));
}

async function fitsPhone(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${label} is ${width}px wide at a 360px viewport`);
}

async function signUp(page, name, email) {
  await page.getByLabel('Naam').fill(name);
  await page.getByLabel('E-mailadres').fill(email);
  await acceptPrivacy(page);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  return page.locator('.codes code').allTextContents();
}

const email = `anna.${Date.now()}@example.nl`;
let recoveryCodes = [];

test('a candidate signs up with a passkey, signs out and signs in again', async () => {
  const { context, page, errors } = await phonePage(browser);
  // Without passkey autofill, so that this test signs in with the button
  // (the virtual authenticator would answer the autofill request at once).
  await page.addInitScript(() => {
    if (window.PublicKeyCredential) {
      window.PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    }
  });
  const authenticator = await addVirtualAuthenticator(context, page);
  await page.goto(BASE_URL + '/registreren');
  await waitForHydration(page);
  await assertAccessible(page, '/registreren');
  await fitsPhone(page, '/registreren');

  recoveryCodes = await signUp(page, 'Anna Jansen', email);
  assert.equal(recoveryCodes.length, 10);
  assert.equal((await authenticator.credentials()).length, 1, 'a resident credential was made');
  const header = page.locator('.site-header');
  await header.getByRole('link', { name: 'Anna Jansen' }).waitFor();
  await header.getByRole('button', { name: 'Uitloggen' }).waitFor();
  await assertAccessible(page, 'recovery codes');
  await screenshot(page, 'auth-recovery-codes');
  const remembered = await page.evaluate(() => localStorage.getItem('rj-portfolio/v1/device-user'));
  assert.deepEqual(Object.keys(JSON.parse(remembered)).sort(), ['id', 'name'], 'no secrets on the device');

  await page.getByRole('link', { name: 'Ik heb de codes bewaard' }).tap();
  await page.waitForURL('**/account');
  await page.getByRole('heading', { name: 'Passkeys' }).waitFor();

  await header.getByRole('button', { name: 'Uitloggen' }).tap();
  // The editor's question about this device's drafts (portfolio::logout).
  await confirmSignOutWithoutDrafts(page);
  await header.getByRole('link', { name: 'Inloggen' }).waitFor();
  assert.equal((await page.request.get(BASE_URL + '/api/me')).status(), 401);

  await waitForHydration(page);
  await assertAccessible(page, '/inloggen');
  await fitsPhone(page, '/inloggen');
  await page.getByRole('button', { name: 'Inloggen met passkey' }).tap();
  await page.waitForURL('**/account');
  await header.getByRole('link', { name: 'Anna Jansen' }).waitFor();
  const me = await (await page.request.get(BASE_URL + '/api/me')).json();
  assert.equal(me.email, email);
  assert.deepEqual(me.roles, ['candidate']);
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('a second passkey is added on the account page and signs in', async () => {
  const { context, page, errors } = await phonePage(browser);
  const laptop = await addVirtualAuthenticator(context, page);
  // Sign in on this "device" with a recovery code, then keep using passkeys.
  await page.goto(BASE_URL + '/herstellen');
  await waitForHydration(page);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Herstelcode').fill(recoveryCodes[0]);
  await page.getByRole('button', { name: 'Inloggen met herstelcode' }).tap();
  await page.waitForURL('**/account?hersteld=1');
  await page.getByText('Voeg nu een nieuwe passkey toe').waitFor();
  await page.locator('.passkey').first().waitFor();
  assert.equal(await page.locator('.passkey').count(), 1);
  await assertAccessible(page, '/account');
  await fitsPhone(page, '/account');

  await page.getByRole('button', { name: 'Passkey toevoegen' }).tap();
  await page.getByText('De nieuwe passkey is toegevoegd.').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.passkey').length === 2);
  assert.equal((await laptop.credentials()).length, 1);
  await screenshot(page, 'auth-account-360x740');

  // The new passkey signs in, here through the browser's passkey autofill
  // (conditional mediation), which the virtual authenticator answers at once.
  await signOut(page);
  await page.waitForURL('**/account', { timeout: 15000 });
  await page.locator('.site-header').getByRole('link', { name: 'Anna Jansen' }).waitFor();
  // The used recovery code is gone.
  const again = await page.request.post(BASE_URL + '/api/auth/recovery/code', {
    data: { email, code: recoveryCodes[0] },
    headers: { origin: BASE_URL },
  });
  assert.equal(again.status(), 401, 'a recovery code works once');
  assert.deepEqual(realErrors(errors), []);
  await context.close();
});

test('the first admin registers through the set-up link and invites a mentor', async (t) => {
  if (!process.env.SETUP_LINK) {
    t.skip('no SETUP_LINK: the server was set up before');
    return;
  }
  const { context, page, errors } = await phonePage(browser);
  await addVirtualAuthenticator(context, page);
  await page.goto(process.env.SETUP_LINK);
  await waitForHydration(page);
  await page.getByLabel('Naam').waitFor();
  await assertAccessible(page, '/inrichten');
  const codes = await signUp(page, 'Bea Beheer', `bea.${Date.now()}@example.nl`);
  assert.equal(codes.length, 10);
  await page.getByRole('link', { name: 'Ik heb de codes bewaard' }).tap();
  await page.waitForURL('**/beheer');
  await page.getByRole('heading', { name: 'Auditlog' }).waitFor();
  await page.getByText('Beheer ingericht').waitFor();

  await page.getByLabel('Rol').selectOption('mentor');
  await page.getByRole('button', { name: 'Uitnodiging maken' }).tap();
  const link = await page.locator('code.link').first().textContent();
  assert.match(link, /\/uitnodiging#token=[0-9a-f]{64}$/);
  await assertAccessible(page, '/beheer');
  await fitsPhone(page, '/beheer');
  await screenshot(page, 'auth-admin-360x740');

  // The set-up link works once.
  await page.goto(process.env.SETUP_LINK);
  await page.getByText(/ongeldig, verlopen of al gebruikt/).waitFor();

  const mentor = await phonePage(browser);
  await addVirtualAuthenticator(mentor.context, mentor.page);
  await mentor.page.goto(link);
  await waitForHydration(mentor.page);
  await mentor.page.getByText(/uitgenodigd als/).waitFor();
  await assertAccessible(mentor.page, '/uitnodiging');
  await signUp(mentor.page, 'Mo Mentor', `mo.${Date.now()}@example.nl`);
  const me = await (await mentor.page.request.get(BASE_URL + '/api/me')).json();
  assert.deepEqual(me.roles, ['mentor']);

  // The admin makes the mentor an assessor too, on the page.
  await page.goto(BASE_URL + '/beheer');
  await waitForHydration(page);
  const editor = page.locator('details.roles-editor').filter({ hasText: 'Rollen van Mo Mentor wijzigen' });
  await editor.locator('summary').tap();
  await editor.getByLabel('assessor').check();
  await editor.getByRole('button', { name: 'Rollen opslaan' }).tap();
  await editor.getByText('De rollen van Mo Mentor zijn opgeslagen.').waitFor();
  await page.locator('ul.accounts li').filter({ hasText: 'Mo Mentor' }).getByText('mentor, assessor').waitFor();
  const after = await (await mentor.page.request.get(BASE_URL + '/api/me')).json();
  assert.deepEqual([...after.roles].sort(), ['assessor', 'mentor']);
  await assertAccessible(page, '/beheer with the roles editor open');
  // The last admin cannot take away their own admin role: the server says
  // why, in Dutch, and nothing changes.
  const own = page.locator('details.roles-editor').filter({ hasText: 'Rollen van Bea Beheer wijzigen' });
  await own.locator('summary').tap();
  await own.getByLabel('beheerder').uncheck();
  await own.getByLabel('mentor').check();
  await own.getByRole('button', { name: 'Rollen opslaan' }).tap();
  await own.getByText('Er moet minstens één beheerder blijven.').waitFor();
  assert.deepEqual(realErrors(errors), []);
  assert.deepEqual(realErrors(mentor.errors), []);
  await mentor.context.close();
  await context.close();
});

test('pages opened without a session say so, and an expired session asks to sign in again', async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE_URL + '/account');
  await waitForHydration(page);
  await page.getByText('Je bent niet ingelogd.').waitFor();
  // A device that remembers someone whose session is gone.
  await page.evaluate(() =>
    localStorage.setItem('rj-portfolio/v1/device-user', JSON.stringify({ id: 'x', name: 'Anna Jansen' })),
  );
  await page.reload();
  await waitForHydration(page);
  await page.getByText('Je sessie is verlopen.').waitFor();
  await page.locator('.site-header').getByRole('link', { name: 'Opnieuw inloggen' }).waitFor();
  await assertAccessible(page, 'expired session');
  await context.close();
});
