// The dossier (issue 15) in Chromium at phone size: the privacy hint beside
// answers (offline, warns and never blocks), the trajectory's client field,
// the verifiable register page, "Mijn gegevens" and the privacy statement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  signUpCandidate,
  signUpAdmin,
  startPortfolio,
  waitForStatus,
  serverPortfolio,
  BASE_URL,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const ANSWER = 'initial.c1.task1.q1';

test('an answer with personal data gets a hint with the text marked, offline, and is kept', async () => {
  const { context, page, errors } = await phonePage(browser);
  await signUpCandidate(page, context);
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel('Initiële certificering').check();
    await p.getByLabel('Jobcoachopleiding', { exact: true }).selectOption({ label: 'Geaccrediteerd jobcoachdiploma' });
    await p.getByLabel('Opleidingsinstituut').selectOption({ label: 'Capabel' });
    await p.getByLabel('Datum jobcoachdiploma').fill('2016-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');
  // The full route, so section C1 (trajectory and tasks) asks its questions.
  await page.locator('.route-panel summary').tap();
  await page.locator('#editor-route-opleiding').selectOption({ label: 'Ander jobcoachdiploma' });
  await page.locator('[data-key="initial.c1.intro.q1"]').waitFor();
  await waitForStatus(page, 'Gesynchroniseerd');
  const question = page.locator(`[data-key="${ANSWER}"]`);
  await question.waitFor();
  const hint = question.locator('.privacy-hint');
  assert.equal(await hint.isVisible(), false, 'no hint for an empty answer');

  // Offline: the rules run in the browser.
  await context.setOffline(true);
  await question.locator('textarea').fill('Ik belde de cliënt op 06-12345678 over de intake.');
  await hint.getByText('Dit lijkt een persoonsgegeven (telefoonnummer). Maak het anoniem.').waitFor();
  assert.equal(await hint.locator('mark').textContent(), '06-12345678');
  await assertAccessible(page, 'privacy hint');
  await screenshot(page, 'privacy-hint-360x740');

  // The client's name from the trajectory's client field is looked for too.
  const trajectory = page.locator('[data-key="initial.c1.intro.q1"]');
  await trajectory.getByLabel('Naam van de cliënt (voor de privacycontrole)').fill('Kees Jansen');
  await question.locator('textarea').fill('Kees vertelde over zijn werk. Bel 06-12345678.');
  await hint.getByText('Dit lijkt een persoonsgegeven (naam van de cliënt). Maak het anoniem.').waitFor();
  assert.deepEqual(await hint.locator('mark').allTextContents(), ['Kees', '06-12345678']);

  // Made anonymous: the hint goes. It never blocked anything.
  await question.locator('textarea').fill('De cliënt vertelde over zijn werk.');
  await page.waitForFunction(
    (key) => document.querySelector(`[data-key="${key}"] .privacy-hint`)?.hidden === true,
    ANSWER,
  );
  await context.setOffline(false);
  await waitForStatus(page, 'Gesynchroniseerd');
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.answers[ANSWER], 'De cliënt vertelde over zijn werk.');
  assert.equal(detail.values['initial.c1.intro.q1'].client, 'Kees Jansen');
  assert.deepEqual(errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED')), []);
});

test('the register page states a certificate and its statement verifies with the published key', async () => {
  const { context, page } = await phonePage(browser);
  if (!(await signUpAdmin(page, context))) return;
  const added = await page.request.post(BASE_URL + '/api/admin/certificates', {
    headers: { origin: BASE_URL },
    data: {
      name: 'Sanne Bakker',
      email: 'sanne@example.nl',
      city: 'Utrecht',
      certificate_number: 'RJ-E2E-001',
      issue_date: new Date().toISOString().slice(0, 10),
      relation_number: '20001',
    },
  });
  assert.ok(added.ok(), await added.text());

  // Without scripts: the page comes complete from the server.
  const html = await (await page.request.get(BASE_URL + '/register/RJ-E2E-001')).text();
  assert.match(html, /Sanne Bakker/);
  assert.match(html, /Geldig/);

  await page.goto(BASE_URL + '/register/RJ-E2E-001');
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'Certificaat RJ-E2E-001' }).waitFor();
  await assertAccessible(page, 'register entry');
  await screenshot(page, 'register-entry-360x740');

  // An employer's check with Node's own Ed25519, not the server's code.
  const signed = await (await page.request.get(BASE_URL + '/api/register/RJ-E2E-001')).json();
  const keys = await (await page.request.get(BASE_URL + '/api/register/keys')).json();
  const [header, payload, signature] = signed.statement.split('.');
  const kid = JSON.parse(Buffer.from(header, 'base64url')).kid;
  const jwk = keys.keys.find((k) => k.kid === kid);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  const data = Buffer.from(`${header}.${payload}`);
  assert.ok(verify(null, data, key, Buffer.from(signature, 'base64url')));
  const claims = JSON.parse(Buffer.from(payload, 'base64url'));
  assert.equal(claims.name, 'Sanne Bakker');
  const forged = Buffer.from(`${header}.${Buffer.from(JSON.stringify({ ...claims, name: 'X' })).toString('base64url')}`);
  assert.equal(verify(null, forged, key, Buffer.from(signature, 'base64url')), false);

  const missing = await page.request.get(BASE_URL + '/register/RJ-BESTAAT-NIET');
  assert.equal(missing.status(), 404);
});

test('Mijn gegevens offers the export, says what erasure keeps, and the privacy statement reads', async () => {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context);
  await page.goto(BASE_URL + '/mijn-gegevens');
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'Dit blijft bewaard, en waarom' }).waitFor();
  await page.getByText('Fiscale bewaarplicht', { exact: false }).waitFor();
  await page.getByText('Je hebt de privacyverklaring', { exact: false }).waitFor();
  await assertAccessible(page, 'mijn gegevens');
  await screenshot(page, 'mijn-gegevens-360x740');
  const zip = await page.request.get(BASE_URL + '/api/me/export');
  assert.equal(zip.status(), 200);
  assert.equal(zip.headers()['content-type'], 'application/zip');

  await page.goto(BASE_URL + '/privacyverklaring');
  await waitForHydration(page);
  await page.getByRole('heading', { name: 'Privacyverklaring' }).waitFor();
  await assertAccessible(page, 'privacyverklaring');
});

// Erasing the account confirmed with the passkey leaves nothing of the
// person on this device: no drafts in localStorage, no evidence bytes in
// IndexedDB (a file attached offline is kept there until uploaded).
test('erasing the account wipes the drafts and the evidence files from this device', async () => {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context);
  await startPortfolio(page, async (p) => {
    await p.getByLabel('Hercertificering').check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');
  await page.getByRole('button', { name: 'Activiteit toevoegen' }).tap();
  const row = page.getByTestId('pe-row').first();
  await row.getByLabel('Omschrijving').fill('Cursus motiverende gespreksvoering');
  await waitForStatus(page, 'Gesynchroniseerd');
  await context.setOffline(true);
  await waitForStatus(page, 'Offline');
  await row
    .getByLabel('Bewijsstuk: Cursus motiverende gespreksvoering', { exact: true })
    .setInputFiles({ name: 'certificaat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
  await row.getByText('Wacht op verbinding').waitFor();
  await context.setOffline(false);
  await waitForStatus(page, 'Gesynchroniseerd');

  const kept = () =>
    page.evaluate(async () => {
      const drafts = Object.keys(localStorage).filter((k) => k.startsWith('rj-portfolio/v1/account/'));
      const files = await new Promise((resolve, reject) => {
        const open = indexedDB.open('rj-evidence');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('bytes')) return resolve(0);
          const count = db.transaction('bytes').objectStore('bytes').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
      });
      return { drafts: drafts.length, files };
    });
  const before = await kept();
  assert.equal(before.drafts, 1, 'the drafts are on the device before erasure');
  assert.ok(before.files >= 1, 'the attached file is on the device before erasure');

  await page.goto(BASE_URL + '/mijn-gegevens');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Account verwijderen (bevestig met je passkey)' }).tap();
  await page.getByText('Je account is verwijderd.', { exact: false }).waitFor();
  await assertAccessible(page, 'account verwijderd');
  // The evidence bytes go asynchronously (IndexedDB); wait for them.
  let after = await kept();
  for (let i = 0; i < 50 && after.files > 0; i++) {
    await page.waitForTimeout(100);
    after = await kept();
  }
  assert.deepEqual(after, { drafts: 0, files: 0 });
});
