// The structured parts of the portfolio, at phone size: the route chosen at
// the start decides which sections are exempt, the hours declaration (B1)
// and the trajectory dates (C1) of an initial portfolio, and the reflection
// meetings (A3.1) of a recertification, each checked live by the shared
// rules and synced to the server as real values, not free text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  assertAccessible,
  screenshot,
  signUpCandidate,
  startPortfolio,
  serverPortfolio,
  waitForHydration,
  waitForStatus,
  waitForSynced,
  BASE_URL,
} from './support.mjs';

let browser;
let candidate; // { context, page }
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** `years` years and `days` days before today, as the date inputs take it. */
function daysAgo(days, years = 0) {
  const d = new Date();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() - days);
  return d.toISOString().slice(0, 10);
}

const isMet = (locator) => locator.evaluate((el) => el.classList.contains('met'));

/** Waits until a rule result is (or is no longer) met; on timeout the error
 * carries the rule's message, which says why. */
async function waitForMet(page, testId, met = true) {
  try {
    await page.waitForFunction(
      ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.classList.contains('met') === want,
      [testId, met],
      { timeout: 10000 },
    );
  } catch (e) {
    const text = await page.getByTestId(testId).textContent().catch(() => '(none)');
    throw new Error(`${testId} should ${met ? '' : 'not '}be met; it says: ${text}`);
  }
}

test('an initial portfolio follows its route: the shortened route marks sections exempt', async () => {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context);
  // Toetsingskader 2025 (seed 002), A2: an accredited Capabel diploma from
  // after July 2015 gives the shortened route, exempting B2, C1-C4 and D.
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel('Initiële certificering').check();
    await p.getByLabel('Jobcoachopleiding', { exact: true }).selectOption({ label: 'Geaccrediteerd jobcoachdiploma' });
    await p.getByLabel('Opleidingsinstituut').selectOption({ label: 'Capabel' });
    await p.getByLabel('Datum jobcoachdiploma').fill('2016-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');
  for (const code of ['b2', 'c1', 'c2', 'c3', 'c4', 'd']) {
    assert.match(await page.locator(`#sectie-${code} h2`).textContent(), /Vrijgesteld/, `section ${code}`);
  }
  assert.doesNotMatch(await page.locator('#sectie-b1 h2').textContent(), /Vrijgesteld/);
  assert.equal(await page.locator('[data-key="initial.c1.intro.q1"]').count(), 0, 'an exempt section asks nothing');
  const routeSummary = page.locator('.route-panel summary');
  assert.equal((await routeSummary.textContent()).trim(), 'Je route: verkorte route');
  await screenshot(page, 'editor-initial-shortened-360x740');

  // Another diploma: the full route, and C1 asks its questions again.
  await routeSummary.tap();
  await page.locator('#editor-route-opleiding').selectOption({ label: 'Ander jobcoachdiploma' });
  await page.waitForFunction(() => document.querySelector('.route-panel summary').textContent.includes('volledige route'));
  assert.doesNotMatch(await page.locator('#sectie-c1 h2').textContent(), /Vrijgesteld/);
  await page.locator('[data-key="initial.c1.intro.q1"]').waitFor();
  await waitForStatus(page, 'Gesynchroniseerd');
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.kind, 'initial');
  assert.equal(detail.values['initial.route'].jobcoach_training.kind, 'other_jobcoach_diploma');
  candidate = { context, page, id };
});

test('the hours declaration (B1) counts work periods live and reaches the server', async () => {
  const { page, id } = candidate;
  const hours = page.locator('[data-key="initial.b1.q1"]');
  await hours.getByRole('button', { name: 'Werkperiode toevoegen' }).tap();
  const row = hours.locator('.row-card').first();
  // The new row takes the focus, so a phone user can type at once.
  await page.waitForFunction(() => document.activeElement?.id?.endsWith('-omschrijving'));
  await row.getByLabel('Werkgever, opdrachtgever of functie').fill('Jobcoach bij Werkfit');
  await row.getByLabel('Van', { exact: true }).fill(daysAgo(0, 2));
  await row.getByLabel('Uren als uitvoerend jobcoach in deze periode').fill('1300');
  const result = hours.getByTestId('hours-result');
  await page.waitForFunction(() => document.querySelector('[data-testid="hours-result"]')?.textContent.includes('1300 uur'));
  // Toetsingskader 2025 (seed 002), B1: 1200 hours in three years and
  // working as a jobcoach now; the second is still missing.
  assert.equal(await isMet(result), false);
  assert.match(await result.textContent(), /werkzaam zijn als uitvoerend jobcoach/);
  // The portfolio's checklist follows the same rule, live.
  const checklistB1 = page.getByTestId('checklist').locator('.checklist-item').filter({ hasText: 'B1 ' });
  assert.match(await checklistB1.textContent(), /voldoet nog niet/);
  await hours.getByLabel('Ik werk nu als uitvoerend jobcoach').check();
  await waitForMet(page, 'hours-result');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="checklist"] .checklist-item')].some(
      (li) => li.textContent.startsWith('B1 ') && !li.textContent.includes('voldoet nog niet'),
    ),
  );

  // Too few hours: the rule says so.
  await row.getByLabel('Uren als uitvoerend jobcoach in deze periode').fill('1000');
  await waitForMet(page, 'hours-result', false);
  await row.getByLabel('Uren als uitvoerend jobcoach in deze periode').fill('1250');
  await waitForMet(page, 'hours-result');

  await waitForSynced(page);
  const detail = await serverPortfolio(page, id);
  const rows = detail.lists['initial.b1.q1'];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].value.description, 'Jobcoach bij Werkfit');
  assert.equal(rows[0].value.hours, 1250);
  assert.equal(rows[0].value.started_on, daysAgo(0, 2));
  assert.equal(detail.values['initial.b1.q1'].currently_working, true);
  await assertAccessible(page, 'editor with hours declaration');
  await hours.screenshot({ path: new URL('../test-output/editor-hours.png', import.meta.url).pathname });
});

test('the trajectory dates (C1) are checked against the two-year and half-year rules', async () => {
  const { page, id } = candidate;
  const trajectory = page.locator('[data-key="initial.c1.intro.q1"]');
  const result = () => trajectory.getByTestId('trajectory-result');
  // Only an end date: the form asks for the start first and writes nothing.
  await trajectory.getByLabel('Einddatum (leeg als het traject nog loopt)').fill(daysAgo(10));
  await trajectory.getByText('Vul eerst de startdatum in.').waitFor();

  // Toetsingskader 2025 (seed 002), C1: started within two years before the
  // application and under way for at least half a year.
  await trajectory.getByLabel('Startdatum van het traject').fill(daysAgo(0, 3));
  await result().waitFor();
  assert.equal(await isMet(result()), false);
  assert.match(await result().textContent(), /twee jaar/);

  await trajectory.getByLabel('Startdatum van het traject').fill(daysAgo(30));
  await page.waitForFunction(() => /half jaar/.test(document.querySelector('[data-testid="trajectory-result"]').textContent));
  assert.equal(await isMet(result()), false);

  await trajectory.getByLabel('Startdatum van het traject').fill(daysAgo(0, 1));
  await trajectory.getByLabel('Einddatum (leeg als het traject nog loopt)').fill('');
  await waitForMet(page, 'trajectory-result');
  assert.equal(await trajectory.getByText('Vul eerst de startdatum in.').count(), 0);

  await waitForSynced(page);
  const detail = await serverPortfolio(page, id);
  assert.deepEqual(detail.values['initial.c1.intro.q1'], { started_on: daysAgo(0, 1), ended_on: null });
});

test('a question shows its guidance on demand, counts words against the guidance, and the section progresses', async () => {
  const { page } = candidate;
  const question = page.locator('[data-key="initial.c1.task0.q1"]');
  const count = question.locator('.word-count');
  assert.equal((await count.textContent()).trim(), '0 woorden · richtlijn ongeveer 200 woorden');
  const progress = page.locator('#sectie-c1 .section-progress span');
  const before = await progress.textContent();
  await question.locator('textarea').fill('Ik heb het traject bijgestuurd toen de cliënt ziek werd.');
  await page.waitForFunction(() =>
    document.querySelector('[data-key="initial.c1.task0.q1"] .word-count').textContent.startsWith('10 woorden'),
  );
  await page.waitForFunction((b) => document.querySelector('#sectie-c1 .section-progress span').textContent !== b, before);
  const answered = (text) => Number(text.match(/^(\d+) van \d+ beantwoord$/)[1]);
  assert.equal(answered(await progress.textContent()), answered(before) + 1);

  // Toetsingskader 2025 (seed 002): C1's intro explains the trajectory; the
  // guidance of a question is folded away until asked for.
  const intro = page.locator('[data-key="initial.c1.intro.q1"]');
  const toggle = intro.getByRole('button', { name: 'Toelichting' });
  const panel = intro.locator('.guidance');
  assert.equal(await panel.isVisible(), false);
  await toggle.tap();
  assert.equal(await panel.isVisible(), true);
  assert.equal(await intro.getByRole('button', { name: 'Toelichting verbergen' }).getAttribute('aria-expanded'), 'true');

  // Big touch targets: every button and text field of the editor is at
  // least 44 by 44 CSS pixels (WCAG 2.5.5), at 360 px wide.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('.editor button, .editor input[type=text], .editor input[type=date], .editor input[type=number], .editor select, .editor textarea')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el: el.id || el.textContent.trim().slice(0, 30), r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 44 || r.width < 44)
      .map(({ el, r }) => `${el} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  assert.deepEqual(small, []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 360), true, 'no sideways scrolling at 360 px');
});

test('a candidate has one open portfolio of each kind', async () => {
  const { page } = candidate;
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Nieuw portfolio' }).tap();
  assert.equal(await page.getByLabel(/^Initiële certificering/).isDisabled(), true);
  assert.match(await page.locator('label[for="soort-initial"]').textContent(), /je hebt er al een open/);
  assert.equal(await page.getByLabel(/^Hercertificering/).isDisabled(), false);
});

test('recertification: the reflection meetings (A3.1) are counted against the year', async () => {
  const { page } = candidate;
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel(/^Hercertificering/).check();
    await p.getByLabel('Einddatum certificaat').fill('2026-12-31');
    // Toetsingskader hercertificering (seed 001), A3.1: in 2026 three
    // meetings, two of them with an own case.
    await p.getByText('3 reflectiebijeenkomst(en), waarvan 2 met een eigen casus').waitFor();
  });
  await waitForStatus(page, 'Gesynchroniseerd');
  const meetings = page.locator('[data-key="recertification.a3_1.q1"]');
  const result = meetings.getByTestId('meetings-result');
  await result.waitFor();
  assert.equal(await isMet(result), false);

  const names = ['Petra Supervisor', 'Joost Facilitator', 'Anne Intervisie'];
  for (const [i, name] of names.entries()) {
    await meetings.getByRole('button', { name: 'Bijeenkomst toevoegen' }).tap();
    const row = meetings.locator('.row-card').nth(i);
    // Before the submission deadline (30 September 2026), in the period.
    await row.getByLabel('Datum van de bijeenkomst').fill(daysAgo(40 * i, 1));
    await row.getByLabel('Naam van de begeleider (supervisor of facilitator)').fill(name);
    if (i < 2) await row.getByLabel('Ik heb zelf een betekenisvolle situatie ingebracht').check();
  }
  await waitForMet(page, 'meetings-result');
  await assertAccessible(page, 'editor with reflection meetings');
  await meetings.screenshot({ path: new URL('../test-output/editor-meetings.png', import.meta.url).pathname });

  // One own case fewer: no longer enough.
  await meetings.locator('.row-card').nth(1).getByLabel('Ik heb zelf een betekenisvolle situatie ingebracht').uncheck();
  await waitForMet(page, 'meetings-result', false);
  // Removing a meeting removes it on the server too.
  await meetings.locator('.row-card').nth(2).getByRole('button', { name: 'Bijeenkomst verwijderen' }).tap();
  await page.waitForFunction(() => document.querySelectorAll('[data-key="recertification.a3_1.q1"] .row-card').length === 2);

  await waitForSynced(page);
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.kind, 'recertification');
  assert.equal(detail.values['recertification.certificate_end_date'], '2026-12-31');
  const rows = detail.lists['recertification.a3_1.q1'];
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => r.value.facilitator).sort(), ['Joost Facilitator', 'Petra Supervisor']);
  assert.deepEqual(rows.map((r) => r.value.own_case).sort(), [false, true]);
});

test('on a tablet the section list stands beside the editor', async () => {
  const { page, id } = candidate;
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${BASE_URL}/portfolio?id=${id}`);
  await waitForHydration(page);
  const nav = await page.getByRole('navigation', { name: 'Onderdelen van je portfolio' }).boundingBox();
  const main = await page.locator('.editor-main').boundingBox();
  assert.ok(nav && main, 'both are on the page');
  assert.ok(nav.x + nav.width <= main.x, `the list (${nav.x}+${nav.width}) is left of the editor (${main.x})`);
  assert.ok(nav.y < main.y + main.height && main.y < nav.y + nav.height, 'side by side, not stacked');
  await screenshot(page, 'editor-tablet-1024x768');
  await assertAccessible(page, 'editor on a tablet');
});
