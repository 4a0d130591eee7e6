// The path of a portfolio from submission to certificate (issue 14) in
// Chromium, with the screens each person uses: the candidate submits on a
// phone and follows her timeline; the certifying body assigns two
// assessors; one judges on a phone (360 px), the other on a tablet
// (768 px), independently until both have sealed; the toetsgesprek is
// offered, chosen by the candidate and held; the joint advice; the
// certifying body's decision issues the certificate, which the candidate
// sees with her timeline finished and the public register lists. axe on
// every screen. The portfolio's content is shared::fixtures, pushed through
// the sync API, so the checklist the page runs passes for real.
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
  completePortfolio,
  giveRoles,
  assertFitsWidth,
  BASE_URL,
} from './support.mjs';

const TABLET = { viewport: { width: 768, height: 1024 } };

let browser;
// The cast both walks share: the admin, the certifying body, an assessor
// on a phone and one on a tablet.
let admin;
let certifier;
let phone;
let tablet;
before(async () => {
  browser = await launch();
  admin = await phonePage(browser);
  assert.ok(await signUpAdmin(admin.page, admin.context), 'a fresh server prints its set-up link');
  certifier = await phonePage(browser);
  await signUpCandidate(certifier.page, certifier.context, 'Cees Certificeerder');
  await giveRoles(admin.page, certifier.page, ['certifier']);
  phone = await phonePage(browser);
  await signUpCandidate(phone.page, phone.context, 'Anna Assessor');
  await giveRoles(admin.page, phone.page, ['assessor']);
  tablet = await phonePage(browser, TABLET);
  await signUpCandidate(tablet.page, tablet.context, 'Bart Beoordelaar');
  await giveRoles(admin.page, tablet.page, ['assessor']);
});
after(async () => {
  for (const p of [admin, certifier, phone, tablet]) {
    if (p) assert.deepEqual(p.errors, []);
  }
  await browser?.close();
});

async function open(page, path) {
  await page.goto(BASE_URL + path);
  await waitForHydration(page);
}

/** The steps of the timeline on the page, as "label: state". */
async function timeline(page) {
  const steps = page.getByTestId('timeline').first().locator('.timeline-step');
  await steps.first().waitFor();
  const out = [];
  for (const step of await steps.all()) {
    out.push(`${(await step.locator('span').first().textContent()).trim()}: ${await step.getAttribute('data-state')}`);
  }
  return out;
}

/**
 * Taps `control`, which sends the submission step `rest`, and waits for the
 * server's answer to it: 200 (the panel re-renders from that answer).
 */
async function step(page, rest, control) {
  const answer = page.waitForResponse(
    (r) => r.url().includes('/api/submissions/') && r.url().endsWith(rest) && r.request().method() === 'POST',
  );
  await control.tap();
  assert.equal((await answer).status(), 200, rest);
}

/**
 * The candidate submits `portfolio` on "Portfolio indienen": complete, the
 * button opens only with the closing declaration; then she follows the
 * link to her submission. Returns its id and the manifest's SHA-256.
 */
async function submitOnPhone(c, portfolio, label) {
  await open(c, `/indienen?id=${portfolio}`);
  await c.getByTestId('ready').waitFor({ timeout: 30000 });
  const submit = c.getByRole('button', { name: 'Portfolio indienen' });
  assert.equal(await submit.isDisabled(), true, 'closed until the closing declaration is ticked');
  await c.getByLabel(/^Ik verklaar dat ik dit portfolio naar waarheid/).check();
  await assertAccessible(c, `/indienen with a complete ${label} portfolio`);
  await screenshot(c, `submit-complete-${label}-360x740`);
  await submit.tap();
  await c.getByRole('heading', { name: 'Portfolio ingediend' }).waitFor();
  const manifest = (await c.locator('code.hash').first().textContent()).trim();
  assert.match(manifest, /^[0-9a-f]{64}$/);
  await c.getByRole('link', { name: 'Bekijk de beoordeling' }).tap();
  await c.waitForURL('**/beoordeling?id=*');
  await waitForHydration(c);
  return { submission: new URL(c.url()).searchParams.get('id'), manifest };
}

/**
 * An assessor's whole judgement on `/beoordeling`: "geen
 * belangenverstrengeling", a verdict with a note per section, the advice,
 * "Oordeel vastleggen". Each step is answered by the server before the
 * next (the panel re-renders from the answer).
 */
async function judge(page, label, note, verdict = 'Voldoet', advice = 'positief') {
  const panel = page.locator('.assessor-panel');
  await panel.getByRole('heading', { name: 'Jouw oordeel' }).waitFor();
  // Before the declaration the portfolio stays closed.
  assert.equal(await page.getByRole('heading', { name: 'Het ingediende portfolio' }).count(), 0);
  await step(page, '/independence', panel.getByRole('button', { name: 'Geen belangenverstrengeling' }));
  await page.getByRole('heading', { name: 'Het ingediende portfolio' }).waitFor();
  const sections = await panel.locator('form.verdict').evaluateAll((forms) => forms.map((f) => f.dataset.section));
  assert.ok(sections.length > 3, `sections to judge: ${sections}`);
  await assertAccessible(page, `assessor panel (${label}) before judging`);
  await assertFitsWidth(page, `assessor panel (${label})`);
  await screenshot(page, `assessor-${label}-open`);
  for (const section of sections) {
    const form = panel.locator(`form.verdict[data-section="${section}"]`);
    await form.getByLabel(verdict, { exact: true }).check();
    await form.getByLabel('Toelichting').fill(`${note} ${section}`);
    await step(page, '/verdicts', form.getByRole('button', { name: 'Oordeel opslaan' }));
    // Saved: the re-rendered form shows the stored verdict.
    await form.getByLabel(verdict, { exact: true }).and(page.locator(':checked')).waitFor();
  }
  await panel.locator('#advies-keuze').selectOption(advice);
  await panel.locator('#advies-motivering').fill(`${note}: advies ${advice}.`);
  await step(page, '/advice', panel.getByRole('button', { name: 'Advies opslaan' }));
  await step(page, '/seal', panel.getByRole('button', { name: 'Oordeel vastleggen' }));
  await panel.getByRole('status').filter({ hasText: 'Je oordeel is vastgelegd.' }).waitFor();
  return sections;
}

test('a full-route portfolio goes from submission to certificate, each person on their own screen', async () => {
  // The candidate's portfolio is complete; she submits it on her phone.
  const candidate = await phonePage(browser);
  const c = candidate.page;
  await signUpCandidate(c, candidate.context, 'Carla Kandidaat');
  const portfolio = await completePortfolio(c, 'initial', 'full');
  const { submission, manifest } = await submitOnPhone(c, portfolio, 'initial');
  assert.equal((await c.getByTestId('manifest-sha').textContent()).trim(), manifest);
  await assertFitsWidth(c, 'the submission page on a phone');
  assert.deepEqual(await timeline(c), [
    'Ingediend: nu',
    'Beoordeling door de assessoren: nog niet',
    'Toetsgesprek: nog niet',
    'Advies: nog niet',
    'Besluit van de certificerende instelling: nog niet',
  ]);
  await c.getByTestId('next-actor').filter({ hasText: 'Aan de beurt: De certificerende instelling.' }).waitFor();
  // Her home page shows the same timeline under "Mijn beoordeling".
  await open(c, '/');
  await c.getByRole('heading', { name: 'Mijn beoordeling' }).waitFor();
  assert.equal((await timeline(c))[0], 'Ingediend: nu');
  await assertAccessible(c, 'home page with the timeline');

  // The certifying body finds it in its overview and assigns both assessors.
  const k = certifier.page;
  await open(k, '/beoordelingen');
  await k.getByTestId('submission-list').waitFor();
  await assertAccessible(k, 'certifier overview');
  await k.getByTestId('submission-list').getByRole('link', { name: /Carla Kandidaat/ }).tap();
  await k.waitForURL('**/beoordeling?id=*');
  await waitForHydration(k);
  await k.getByRole('heading', { name: 'Certificerende instelling' }).waitFor();
  await k.getByLabel('Anna Assessor').check();
  await k.getByLabel('Bart Beoordelaar').check();
  await assertAccessible(k, 'certifier assigning assessors');
  await step(k, '/assessors', k.getByRole('button', { name: 'Toewijzen' }));
  const assigned = k.getByText(/^Assessoren: /);
  await assigned.waitFor();
  for (const name of ['Anna Assessor', 'Bart Beoordelaar']) assert.ok((await assigned.textContent()).includes(name));

  // Anna judges on her phone. Bart has not sealed: she does not see his.
  const a = phone.page;
  await open(a, '/beoordelingen');
  await a.getByTestId('submission-list').getByRole('link', { name: /Carla Kandidaat/ }).tap();
  await a.waitForURL('**/beoordeling?id=*');
  await waitForHydration(a);
  const sections = await judge(a, '360x740', 'Anna');
  assert.equal(await a.getByText(/^Andere assessor:/).count(), 0, "the other's judgement stays hidden");
  assert.equal(await a.getByRole('heading', { name: 'Toetsgesprek: moment aanbieden' }).count(), 0);
  await assertAccessible(a, 'assessor panel (phone) after sealing');
  await screenshot(a, 'assessor-360x740-sealed');

  // Bart judges on his tablet, and then sees Anna's judgement.
  const b = tablet.page;
  await open(b, `/beoordeling?id=${submission}`);
  assert.deepEqual(await judge(b, '768x1024', 'Bart'), sections);
  await b.getByText(/^Andere assessor: Voldoet — Anna/).first().waitFor();
  await assertAccessible(b, 'assessor panel (tablet) after both sealed');
  await screenshot(b, 'assessor-768x1024-sealed');

  // The toetsgesprek: Anna offers a moment a week ahead, online.
  await open(a, `/beoordeling?id=${submission}`);
  const week = new Date(Date.now() + 7 * 86400000);
  week.setUTCHours(10, 0, 0, 0);
  await a.getByLabel('Datum en tijd (UTC)').fill(week.toISOString().slice(0, 16));
  await a.getByLabel('Link (online) of adres').fill('https://meet.example/rj');
  await step(a, '/interview/slots', a.getByRole('button', { name: 'Moment aanbieden' }));

  // The candidate chooses it.
  await open(c, `/beoordeling?id=${submission}`);
  await c.getByTestId('next-actor').filter({ hasText: 'Aan de beurt: Jij.' }).waitFor();
  await assertAccessible(c, 'candidate choosing a moment');
  await step(c, '/interview/choice', c.getByRole('button', { name: 'Dit moment kiezen' }));
  await c.getByText('— gekozen').waitFor();
  await c.getByRole('link', { name: 'Agenda-uitnodiging (.ics)' }).waitFor();

  // Bart records that it took place and the joint advice.
  await open(b, `/beoordeling?id=${submission}`);
  await b.getByLabel('Aantekeningen').fill('Trajecten toegelicht.');
  await step(b, '/interview/held', b.getByRole('button', { name: 'Gesprek heeft plaatsgevonden' }));
  await b.locator('#gezamenlijk-advies').selectOption('positief');
  await b.locator('#gezamenlijk-motivering').fill('Het portfolio en het gesprek tonen de competenties aan.');
  await step(b, '/joint-advice', b.getByRole('button', { name: 'Advies uitbrengen' }));

  // The certifying body reads the advice and decides.
  await open(k, `/beoordeling?id=${submission}`);
  await k.getByText(/^Advies: Positief\./).waitFor();
  await k.getByRole('heading', { name: 'Besluit' }).waitFor();
  await assertAccessible(k, 'certifier deciding');
  await assertFitsWidth(k, 'the certifier panel on a phone');
  await screenshot(k, 'certifier-decision-360x740');
  await k.locator('#besluit-keuze').selectOption('positief');
  await k.locator('#besluit-motivering').fill('Conform het advies van de assessoren.');
  await step(k, '/decision', k.getByRole('button', { name: 'Besluit vastleggen' }));
  const issued = k.getByTestId('certificate');
  await issued.waitFor();
  const number = (await issued.textContent()).match(/Certificaat (\S+) afgegeven/)[1];

  // The candidate sees the decision, her certificate and a finished timeline.
  await open(c, `/beoordeling?id=${submission}`);
  await c.getByRole('heading', { name: 'Besluit: Positief' }).waitFor();
  await c.getByTestId('certificate').filter({ hasText: `Certificaat ${number}` }).waitFor();
  assert.deepEqual(await timeline(c), [
    'Ingediend: gedaan',
    'Beoordeling door de assessoren: gedaan',
    'Toetsgesprek: gedaan',
    'Advies: gedaan',
    'Besluit van de certificerende instelling: gedaan',
  ]);
  await c.getByTestId('next-actor').filter({ hasText: 'Afgerond.' }).waitFor();
  await c.getByRole('link', { name: 'Certificaat downloaden (PDF)' }).waitFor();
  await assertAccessible(c, 'candidate with the decision');
  await screenshot(c, 'candidate-decided-360x740');

  // The public register lists her, for anyone.
  const visitor = await phonePage(browser);
  await open(visitor.page, `/register/${number}`);
  await visitor.page.getByText('Carla Kandidaat').first().waitFor();

  for (const p of [candidate, visitor]) {
    assert.deepEqual(p.errors, []);
    await p.context.close();
  }
});

test('a recertification is judged by one assessor; a negative decision is objected to and handled', async () => {
  const candidate = await phonePage(browser);
  const c = candidate.page;
  await signUpCandidate(c, candidate.context, 'Dirk Doorgaan');
  const portfolio = await completePortfolio(c, 'recertification');
  const { submission } = await submitOnPhone(c, portfolio, 'recertification');
  // No toetsgesprek for a recertification.
  assert.deepEqual(await timeline(c), [
    'Ingediend: nu',
    'Beoordeling door de assessoren: nog niet',
    'Advies: nog niet',
    'Besluit van de certificerende instelling: nog niet',
  ]);

  // One assessor: the certifying body picks Bart only.
  const k = certifier.page;
  await open(k, `/beoordeling?id=${submission}`);
  await k.getByRole('group', { name: 'Assessoren toewijzen (1)' }).waitFor();
  await k.getByLabel('Bart Beoordelaar').check();
  await step(k, '/assessors', k.getByRole('button', { name: 'Toewijzen' }));

  // Bart, on his tablet, finds too little and advises negatief; with one
  // assessor his sealed advice is the advice (no joint advice to give).
  const b = tablet.page;
  await open(b, `/beoordeling?id=${submission}`);
  await judge(b, '768x1024-recertification', 'Bart', 'Voldoet niet', 'negatief');
  assert.equal(await b.getByRole('heading', { name: 'Gezamenlijk advies' }).count(), 0);
  assert.deepEqual(await timeline(b), [
    'Ingediend: gedaan',
    'Beoordeling door de assessoren: gedaan',
    'Advies: nu',
    'Besluit van de certificerende instelling: nog niet',
  ]);

  await open(k, `/beoordeling?id=${submission}`);
  await k.locator('#besluit-keuze').selectOption('negatief');
  await k.locator('#besluit-motivering').fill('Conform het advies: niet aangetoond.');
  await step(k, '/decision', k.getByRole('button', { name: 'Besluit vastleggen' }));

  // The candidate objects within six weeks, with reasons.
  await open(c, `/beoordeling?id=${submission}`);
  await c.getByRole('heading', { name: 'Besluit: Negatief' }).waitFor();
  await c.getByRole('heading', { name: 'Bezwaar maken' }).waitFor();
  await assertAccessible(c, 'candidate with a negative decision and the objection form');
  await screenshot(c, 'candidate-objection-360x740');
  await c.getByLabel('Waarom maak je bezwaar?').fill('Mijn PE-certificaten zitten bij onderdeel B.');
  await step(c, '/objection', c.getByRole('button', { name: 'Bezwaar indienen' }));
  await c.getByRole('status').filter({ hasText: 'Je bezwaar: Ontvangen.' }).waitFor();

  // The certifying body takes it up and rejects it with a motivation.
  await open(k, `/beoordeling?id=${submission}`);
  await k.getByRole('heading', { name: 'Bezwaar' }).waitFor();
  await assertAccessible(k, 'certifier handling an objection');
  await step(k, '/objection/handling', k.getByRole('button', { name: 'In behandeling nemen' }));
  await k.locator('#bezwaar-motivering').fill('De certificaten tonen 20 punten, er zijn er 80 nodig.');
  await step(k, '/objection/handling', k.getByRole('button', { name: 'Ongegrond' }));

  await open(c, `/beoordeling?id=${submission}`);
  await c.getByRole('status').filter({ hasText: 'Je bezwaar: Ongegrond.' }).waitFor();
  assert.deepEqual(candidate.errors, []);
  await candidate.context.close();
});
