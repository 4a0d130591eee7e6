// Mentors (issue 13) in Chromium at phone size: a candidate invites a
// mentor (the link is shown, no SMTP in tests), the mentor makes an account
// with it in a second browser context, selects a sentence in an answer and
// comments with a suggestion; the candidate sees the comment in the editor
// (also offline after a reload), edits text before the sentence and the
// highlight follows, and takes the suggestion. axe on every new screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  addVirtualAuthenticator,
  waitForStatus,
  waitForSynced,
  acceptPrivacy,
  BASE_URL,
  newestVerificationLink,
  inviteMentor,
  signUpWithInvitation,
} from './support.mjs';

const KEY = 'recertification.a2.plan.q1';
const SENTENCE = 'Werk geeft mij structuur.';
const TEXT = `Ik wilde meer leren over re-integratie. ${SENTENCE}`;
const answer = (page) => page.locator(`[data-key="${KEY}"] textarea.answer`);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Selects `quote` inside the answer's read view, as a drag or long-press does. */
async function select(page, key, quote) {
  await page.evaluate(
    ([key, quote]) => {
      const root = document.querySelector(`[data-answer-key="${key}"]`);
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(quote);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + quote.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          return;
        }
      }
      throw new Error(`not found: ${quote}`);
    },
    [key, quote],
  );
}

test('a mentor comments on a selected sentence and the candidate takes the suggestion', async () => {
  // The candidate: signs up, confirms the address, writes an answer.
  const candidate = await phonePage(browser);
  const page = candidate.page;
  await addVirtualAuthenticator(candidate.context, page);
  await page.goto(BASE_URL + '/registreren');
  await waitForHydration(page);
  await page.getByLabel('Naam').fill('Kim Kandidaat');
  await page.getByLabel('E-mailadres').fill(`kim.${Date.now()}@example.nl`);
  await acceptPrivacy(page);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  await page.goto(newestVerificationLink());
  await waitForHydration(page);
  await page.getByText('is bevestigd').waitFor();

  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Nieuw portfolio' }).tap();
  await page.getByLabel('Hercertificering').check();
  await page.getByLabel('Einddatum certificaat').fill('2027-06-30');
  await page.getByRole('button', { name: 'Portfolio aanmaken' }).tap();
  await page.waitForURL('**/portfolio?id=*');
  const portfolioUrl = page.url();
  const portfolioId = new URL(portfolioUrl).searchParams.get('id');
  await answer(page).fill(TEXT);
  await waitForSynced(page);

  // "Mentor uitnodigen": no SMTP, so the link is shown.
  const mentorEmail = `mentor.${Date.now()}@example.nl`;
  const link = await inviteMentor(page, mentorEmail);
  assert.match(link, /\/uitnodiging#token=/);
  await page.getByText(`${mentorEmail} · uitgenodigd, nog geen account`).waitFor();
  await assertAccessible(page, 'home with "Mijn mentoren"');
  await screenshot(page, 'mentors-invite-360x740');

  // The mentor, in a second context: signs up with the link.
  const mentor = await signUpWithInvitation(browser, link, 'Mira Mentor', mentorEmail);
  const m = mentor.page;

  await m.goto(BASE_URL + '/mentor');
  await waitForHydration(m);
  await m.getByRole('heading', { name: 'Kim Kandidaat' }).waitFor();
  await m.getByText(/1 van \d+ vragen beantwoord/).waitFor();
  await assertAccessible(m, '/mentor');
  await screenshot(m, 'mentor-candidates-360x740');
  await m.getByRole('link', { name: 'Hercertificering' }).tap();
  await m.waitForURL('**/mentor/portfolio?id=*');
  await waitForHydration(m);
  await m.locator(`[data-answer-key="${KEY}"]`).filter({ hasText: SENTENCE }).waitFor();
  await assertAccessible(m, '/mentor/portfolio');

  // Select the sentence; the comment form appears.
  await select(m, KEY, SENTENCE);
  const form = m.getByRole('form', { name: 'Opmerking plaatsen' });
  await form.waitFor();
  assert.equal((await m.getByTestId('selected-quote').textContent()).trim(), SENTENCE);
  await form.getByLabel('Opmerking', { exact: true }).fill('Wat bedoel je met structuur?');
  await form.getByLabel('Voorstel voor nieuwe tekst').check();
  await form.getByLabel('Voorstel (vervangt de geselecteerde tekst)').fill('Werk geeft mij houvast.');
  await assertAccessible(m, '/mentor/portfolio with the comment form');
  await screenshot(m, 'mentor-comment-form-360x740');
  await form.getByRole('button', { name: 'Opmerking plaatsen' }).tap();
  await m.locator('mark.comment-mark').filter({ hasText: SENTENCE }).waitFor();
  await m.getByText('Wat bedoel je met structuur?').waitFor();
  // Nothing of the candidate's portfolio is kept in the mentor's browser.
  // (The mentor's own, empty, drafts may be; nothing in them is Kim's.)
  const kept = await m.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith('rj-portfolio/v1/'))
      .map((k) => [k, localStorage.getItem(k)]),
  );
  assert.ok(kept.length > 0, 'the mentor page did run (it saves the device id)');
  for (const [key, value] of kept) {
    assert.ok(!key.includes('comments'), key);
    assert.ok(!key.includes(portfolioId) && !value.includes(portfolioId), `${key} names Kim's portfolio`);
    assert.ok(!value.includes('structuur'), `${key} holds Kim's text or the comment`);
  }

  // The candidate sees it in the editor.
  await page.goto(portfolioUrl);
  await waitForHydration(page);
  const comments = page.locator(`[data-key="${KEY}"] [data-testid="question-comments"]`);
  await comments.locator('summary', { hasText: 'Opmerkingen (1)' }).waitFor({ timeout: 20000 });
  await comments.locator('summary').tap();
  await comments.locator('mark.comment-mark').filter({ hasText: SENTENCE }).waitFor();
  await comments.locator('del', { hasText: SENTENCE }).waitFor();
  await comments.locator('ins', { hasText: 'Werk geeft mij houvast.' }).waitFor();
  await assertAccessible(page, 'editor with comments');
  await screenshot(page, 'candidate-comments-360x740');

  // Offline and reloaded: still readable; a reply typed offline is sent later.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  await candidate.context.setOffline(true);
  await page.reload();
  await waitForHydration(page);
  await comments.locator('summary', { hasText: 'Opmerkingen (1)' }).waitFor({ timeout: 20000 });
  await comments.locator('summary').tap();
  await comments.getByText('Wat bedoel je met structuur?').waitFor();
  await comments.getByLabel('Reageren').fill('Dat ik weet wat ik moet doen.');
  await comments.getByRole('button', { name: 'Reactie versturen' }).tap();
  await comments.getByText('(nog niet verstuurd)').waitFor();
  await candidate.context.setOffline(false);
  await waitForStatus(page, 'Gesynchroniseerd');
  await comments.getByText('Kim Kandidaat: Dat ik weet wat ik moet doen.').waitFor({ timeout: 20000 });

  // Text typed before the sentence: the highlight follows.
  await answer(page).fill(`Na vier jaar: ${TEXT}`);
  await comments.locator('mark.comment-mark').filter({ hasText: SENTENCE }).waitFor();
  await waitForSynced(page);

  // "Overnemen" edits the answer through sync and records the decision.
  await comments.getByRole('button', { name: 'Overnemen' }).tap();
  assert.equal(
    await answer(page).inputValue(),
    'Na vier jaar: Ik wilde meer leren over re-integratie. Werk geeft mij houvast.',
  );
  await waitForSynced(page);
  await page.waitForFunction(
    async (id) => {
      const r = await fetch(`/api/portfolios/${id}/comments`);
      const body = await r.json();
      return body.comments[0]?.suggestion_status === 'taken';
    },
    portfolioId,
    { timeout: 20000 },
  );
  const detail = await (await page.request.get(`${BASE_URL}/api/portfolios/${portfolioId}`)).json();
  assert.equal(detail.answers[KEY], 'Na vier jaar: Ik wilde meer leren over re-integratie. Werk geeft mij houvast.');

  // "Toegang intrekken" ends the mentor's access.
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Toegang intrekken' }).tap();
  await page.getByText('Je hebt nog geen mentor uitgenodigd.').waitFor();
  const gone = await m.request.get(`${BASE_URL}/api/portfolios/${portfolioId}`);
  assert.equal(gone.status(), 404);

  // Requests that failed while offline are the only console errors allowed.
  assert.deepEqual(candidate.errors.filter((e) => !/net::ERR|Failed to fetch|Failed to load/.test(e)), []);
  assert.deepEqual(mentor.errors, []);
  await candidate.context.close();
  await mentor.context.close();
});
