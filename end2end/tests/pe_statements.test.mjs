// PE statements for mentors (issue 14, category 4 of the recertification
// framework: "4 PE-punten per jaar en 2 PE-punten per begeleide dan wel
// getoetste kandidaat") in Chromium at phone size: a candidate makes a
// jobcoach her mentor; the mentor, renewing her own mark, finds the year's
// statement in her own PE register and adds it with one tap: the activity
// appears with its signed PDF as bewijsstuk, already uploaded, and counts
// in category 4. axe on the register with the offer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  signUpAdmin,
  signUpCandidate,
  waitForSynced,
  BASE_URL,
  newestVerificationLink,
  inviteMentor,
  signUpWithInvitation,
  giveRoles,
} from './support.mjs';

const PE_LIST = 'recertification.b.q1';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a mentor adds her PE statement to her own PE register with one tap', async () => {
  const admin = await phonePage(browser);
  assert.ok(await signUpAdmin(admin.page, admin.context), 'a fresh server prints its set-up link');

  // The candidate confirms her address and invites the mentor.
  const candidate = await phonePage(browser);
  const page = candidate.page;
  await signUpCandidate(page, candidate.context, 'Kim Kandidaat');
  await page.goto(newestVerificationLink());
  await waitForHydration(page);
  await page.getByText('is bevestigd').waitFor();
  const mentorEmail = `mira.${Date.now()}@example.nl`;
  const link = await inviteMentor(page, mentorEmail);

  // The mentor makes her account with the link.
  const mentor = await signUpWithInvitation(browser, link, 'Mira Mentor', mentorEmail);
  const m = mentor.page;

  // She is a registered jobcoach herself: the admin gives her the
  // candidate role too, so she can renew her own mark.
  await giveRoles(admin.page, m, ['candidate', 'mentor']);

  await m.goto(BASE_URL + '/');
  await waitForHydration(m);
  await m.getByRole('button', { name: 'Nieuw portfolio' }).tap();
  await m.getByLabel('Hercertificering').check();
  await m.getByLabel('Einddatum certificaat').fill('2027-06-30');
  await m.getByRole('button', { name: 'Portfolio aanmaken' }).tap();
  await m.waitForURL('**/portfolio?id=*');
  await waitForHydration(m);
  await waitForSynced(m);

  const register = m.locator(`[data-key="${PE_LIST}"]`);
  const offer = register.getByRole('region', { name: 'PE-verklaring als mentor of assessor' });
  await offer.waitFor({ timeout: 20000 });
  const year = new Date().getUTCFullYear();
  await offer.getByText(`Mentor Register Jobcoach ${year} (PE-verklaring): 1 kandidaat, 6 PE-punten`).waitFor();
  await assertAccessible(m, 'PE register with a PE statement to add');
  await screenshot(m, 'pe-statement-offer-360x740');

  // The printable statement is a PDF.
  const pdf = await m.request.get(`${BASE_URL}/api/me/pe-statements/${year}/pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');

  await offer.getByRole('button', { name: 'Toevoegen aan mijn PE-register' }).tap();
  // The activity arrives with its bewijsstuk, which the server already has.
  const row = register.locator('.pe-rows > li');
  await row.first().waitFor({ timeout: 20000 });
  assert.equal(await row.count(), 1);
  await register.locator('.evidence-name', { hasText: `pe-verklaring-${year}.pdf` }).waitFor();
  await register.getByText('Geüpload').first().waitFor();
  await offer.waitFor({ state: 'detached' });
  await assertAccessible(m, 'PE register with the statement added');
  await screenshot(m, 'pe-statement-added-360x740');

  // On the server: the row and the file, once.
  const id = new URL(m.url()).searchParams.get('id');
  const detail = await (await m.request.get(`${BASE_URL}/api/portfolios/${id}`)).json();
  const rows = detail.lists[PE_LIST];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].value.kind, 'rj_mentor_assessor');
  assert.equal(rows[0].value.candidates, 1);
  assert.ok(detail.evidence.some((e) => e.name === `pe-verklaring-${year}.pdf`));
  for (const p of [admin, candidate, mentor]) {
    assert.deepEqual(p.errors, []);
    await p.context.close();
  }
});
