// Nothing typed is lost, whatever happens around the editor: an expired
// session, a push the server refuses, a text over the sync limit, signing
// out (keeping or wiping this device's drafts), two tabs of one account, a
// new version of the app, and the on-screen keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  assertAccessible,
  screenshot,
  signUpCandidate,
  signIn,
  secondDevice,
  startPortfolio,
  serverPortfolio,
  waitForHydration,
  waitForStatus,
  waitForSynced,
  BASE_URL,
} from './support.mjs';

const KEY = 'recertification.a2.plan.q1';
const PUSH = '**/api/sync/push';
const answer = (page) => page.locator(`[data-key="${KEY}"] textarea`);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A new candidate with a recertification portfolio open in the editor. */
async function candidateWithPortfolio() {
  const { context, page } = await phonePage(browser);
  const authenticator = await signUpCandidate(page, context);
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel(/^Hercertificering/).check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForSynced(page);
  return { context, page, id, url: page.url(), authenticator };
}

/** The keys of this origin's localStorage that hold an account's drafts. */
const draftKeys = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rj-portfolio/v1/account/')));

test('an expired session pauses sync and keeps the changes until the person signs in again', async () => {
  const { context, page, id, url } = await candidateWithPortfolio();
  await context.clearCookies(); // the session ended on the server's side
  await answer(page).fill('Geschreven na het verlopen van de sessie.');
  await waitForStatus(page, 'log opnieuw in');
  assert.match(await page.getByTestId('sync-status').textContent(), /1 wijziging wacht/);
  const link = page.getByRole('link', { name: 'Opnieuw inloggen' });
  await link.waitFor();
  await assertAccessible(page, 'editor asking to sign in again');
  await page.reload();
  await waitForHydration(page);
  assert.equal(await answer(page).inputValue(), 'Geschreven na het verlopen van de sessie.');

  await signIn(page);
  await page.goto(url);
  await waitForHydration(page);
  await waitForSynced(page);
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.answers[KEY], 'Geschreven na het verlopen van de sessie.');
  await context.close();
});

test('a push the server refuses as too large is named in Dutch; the draft stays and is sent later', async () => {
  const { context, page, id } = await candidateWithPortfolio();
  // The real server answers 413 to a body over its limit; make the next
  // push that big (JSON allows trailing white space).
  await page.route(PUSH, (route) =>
    route.continue({ postData: route.request().postData() + ' '.repeat(1024 * 1024 + 1) }),
  );
  await answer(page).fill('Deze tekst komt later aan.');
  await waitForStatus(page, 'Niet opgeslagen op de server');
  assert.match(await page.getByTestId('sync-status').textContent(), /Je tekst blijft op dit apparaat\./);
  await page.unroute(PUSH);
  await answer(page).press('End');
  await answer(page).pressSequentially('!');
  await waitForSynced(page);
  assert.equal((await serverPortfolio(page, id)).answers[KEY], 'Deze tekst komt later aan.!');
  await context.close();
});

test('an answer longer than the sync limit stays on this device until it is shortened', async () => {
  const { context, page, id } = await candidateWithPortfolio();
  await answer(page).fill('Kort begin.');
  await waitForSynced(page);
  const long = 'Heel lang. '.repeat(4546); // 50 006 characters; the limit is 50 000
  await answer(page).fill(long);
  const error = page.locator(`[data-key="${KEY}"] .field-error`);
  await page.waitForFunction(
    (key) => /te lang/.test(document.querySelector(`[data-key="${key}"] .field-error`).textContent),
    KEY,
  );
  assert.equal(await answer(page).getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(500); // the 300 ms local save
  await page.reload();
  await waitForHydration(page);
  await page.waitForFunction((key) => document.querySelector(`[data-key="${key}"] textarea`)?.value.length > 50000, KEY);
  assert.equal(await answer(page).inputValue(), long);
  assert.match(await error.textContent(), /alleen op dit apparaat/);
  // The server still has the last text that fitted.
  assert.equal((await serverPortfolio(page, id)).answers[KEY], 'Kort begin.');

  await answer(page).fill(long.slice(0, 1100));
  await waitForSynced(page);
  assert.equal((await serverPortfolio(page, id)).answers[KEY], long.slice(0, 1100));
  assert.equal(await error.textContent(), '');
  await context.close();
});

test('signing out can keep this device’s drafts for next time', async () => {
  const { context, page, url } = await candidateWithPortfolio();
  await answer(page).fill('Op de server en op dit apparaat.');
  await waitForSynced(page);
  await page.getByRole('button', { name: 'Uitloggen' }).tap();
  const dialog = page.getByRole('dialog', { name: 'Uitloggen' });
  await dialog.getByText('Alles wat je schreef staat op de server.').waitFor();
  await assertAccessible(page, 'logout dialog');
  await dialog.getByRole('button', { name: 'Uitloggen en concepten bewaren' }).tap();
  await page.waitForURL('**/inloggen');
  assert.equal((await draftKeys(page)).length, 1);

  // Offline after signing in again: the drafts are there at once.
  await signIn(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  await context.setOffline(true);
  await page.goto(url).catch(() => {});
  await waitForHydration(page);
  assert.equal(await answer(page).inputValue(), 'Op de server en op dit apparaat.');
  await context.close();
});

test('wiping at sign-out names unsynced changes and needs a confirmation', async () => {
  const { context, page, url } = await candidateWithPortfolio();
  await answer(page).fill('Dit staat op de server.');
  await waitForSynced(page);
  // A push that never gets an answer (a dead connection): the next edit
  // stays unsynced.
  await page.route(PUSH, () => {});
  await answer(page).fill('Dit nog niet.');
  await page.getByRole('button', { name: 'Uitloggen' }).tap();
  const dialog = page.getByRole('dialog', { name: 'Uitloggen' });
  await dialog.getByTestId('logout-unsynced').waitFor();
  assert.match(await dialog.getByTestId('logout-unsynced').textContent(), /1 wijziging staat alleen op dit apparaat/);
  const wipe = dialog.getByRole('button', { name: 'Uitloggen en concepten van dit apparaat wissen' });
  assert.equal(await wipe.isDisabled(), true);
  await screenshot(page, 'logout-dialog-unsynced-360x740');
  await dialog.getByLabel(/verloren gaan als ik wis/).check();
  assert.equal(await wipe.isDisabled(), false);
  await wipe.tap();
  await page.waitForURL('**/inloggen');
  await waitForHydration(page);
  assert.deepEqual(await draftKeys(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem('rj-portfolio/v1/device-user')), null);

  // Signing in again brings back only what the server has.
  await page.unroute(PUSH);
  await signIn(page);
  await page.goto(url);
  await waitForHydration(page);
  await page.waitForFunction((key) => document.querySelector(`[data-key="${key}"] textarea`)?.value.length > 0, KEY);
  assert.equal(await answer(page).inputValue(), 'Dit staat op de server.');
  await context.close();
});

test('two tabs of one account: one edits, the other stands aside until asked', async () => {
  const { context, page: first, id, url } = await candidateWithPortfolio();
  await answer(first).fill('Eerste tabblad.');
  const second = await context.newPage();
  await second.goto(url);
  await waitForHydration(second);
  await waitForSynced(second);
  // The newer tab edits; the first one says so and cannot be typed in.
  const notice = first.getByTestId('other-tab');
  await notice.waitFor();
  assert.equal(await first.locator('main').evaluate((m) => m.inert), true);
  assert.equal(await answer(second).inputValue(), 'Eerste tabblad.');
  await answer(second).fill('Eerste tabblad. Tweede tabblad.');
  // The first tab follows what the second saves.
  await first.waitForFunction(
    (key) => document.querySelector(`[data-key="${key}"] textarea`).value.endsWith('Tweede tabblad.'),
    KEY,
  );
  await assertAccessible(first, 'editor in a tab that stands aside');

  await notice.getByRole('button', { name: 'Hier verder werken' }).tap();
  await second.getByTestId('other-tab').waitFor();
  assert.equal(await first.getByTestId('other-tab').count(), 0);
  await answer(first).press('End');
  await answer(first).pressSequentially(' Weer het eerste.');
  await waitForSynced(first);
  assert.equal((await serverPortfolio(first, id)).answers[KEY], 'Eerste tabblad. Tweede tabblad. Weer het eerste.');
  await context.close();
});

test('a new version of the app is offered, and taking it keeps the drafts', async () => {
  const { context, page } = await candidateWithPortfolio();
  await answer(page).fill('Geschreven voor de update.');
  await waitForSynced(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
  // A deployment changes the worker's script URL (its build id); register
  // the same assets under another build id, as a new deployment would.
  const next = await page.evaluate(async () => {
    const url = new URL(navigator.serviceWorker.controller.scriptURL);
    url.searchParams.set('build', 'next-build');
    await navigator.serviceWorker.register(url.pathname + url.search);
    return url.searchParams.get('build');
  });
  const notice = page.getByText('Er is een nieuwe versie van de app klaar.');
  await notice.waitFor({ timeout: 30000 });
  await assertAccessible(page, 'update notice');
  await page.getByRole('button', { name: 'Nu bijwerken' }).tap();
  // The new worker takes over and the page reloads onto it.
  await page.waitForFunction(
    (build) => navigator.serviceWorker.controller?.scriptURL.includes(`build=${build}`),
    next,
    { timeout: 30000 },
  );
  await waitForHydration(page);
  assert.equal(await answer(page).inputValue(), 'Geschreven voor de update.');
  await context.close();
});

test('the field being typed in stays above the on-screen keyboard', async () => {
  const { context, page } = await candidateWithPortfolio();
  // The field sits low on the screen, as when a person scrolls to it.
  await answer(page).evaluate((el) => {
    el.scrollIntoView({ block: 'end' });
    el.focus({ preventScroll: true });
  });
  const before = await answer(page).evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(before > 360, `the field starts low on the screen (top ${before})`);
  // The keyboard opens: the visible part of the page shrinks.
  await page.setViewportSize({ width: 360, height: 360 });
  await page.waitForFunction(
    (key) => {
      const rect = document.querySelector(`[data-key="${key}"] textarea`).getBoundingClientRect();
      // One pixel of slack: the layout has fractional heights, and
      // scrolling aligns to whole pixels.
      return rect.top >= 0 && rect.bottom <= window.visualViewport.height + 1;
    },
    KEY,
    { timeout: 5000 },
  );
  await context.close();
});

test('a row removed on one device while changed on another is not lost: the change can be brought back', async () => {
  const { context, page: phone, id, url, authenticator } = await candidateWithPortfolio();
  const meetings = (page) => page.locator('[data-key="recertification.a3_1.q1"]');
  await meetings(phone).getByRole('button', { name: 'Bijeenkomst toevoegen' }).tap();
  await meetings(phone).getByLabel('Naam van de begeleider (supervisor of facilitator)').fill('Petra');
  await waitForSynced(phone);

  const { context: tablet, page } = await secondDevice(browser, authenticator);
  await page.goto(url);
  await waitForHydration(page);
  await waitForSynced(page);
  await meetings(page).locator('.row-card').waitFor();

  await context.setOffline(true);
  await tablet.setOffline(true);
  await meetings(phone).getByRole('button', { name: 'Bijeenkomst verwijderen' }).tap();
  await meetings(page).getByLabel('Naam van de begeleider (supervisor of facilitator)').fill('Petra de Vries');
  await waitForStatus(phone, 'Offline');
  await waitForStatus(page, 'Offline');

  // The removal reaches the server first; the change made meanwhile is
  // kept as a conflict copy and shown where the row was.
  await context.setOffline(false);
  await waitForSynced(phone);
  await tablet.setOffline(false);
  await waitForStatus(page, 'conflict');
  const removed = meetings(page).getByTestId('removed-row-conflict');
  await removed.waitFor();
  assert.match(await removed.textContent(), /begeleider: Petra de Vries/);
  assert.doesNotMatch(await removed.textContent(), /added|[0-9a-f]{8}-[0-9a-f]{4}-/, 'no bookkeeping fields or ids');
  await assertAccessible(page, 'a removed row with a conflict');
  await removed.getByRole('button', { name: 'Jouw versie van dit apparaat gebruiken' }).tap();
  await waitForSynced(page);
  assert.equal(await meetings(page).getByTestId('removed-row-conflict').count(), 0);
  assert.equal(await meetings(page).getByLabel('Naam van de begeleider (supervisor of facilitator)').inputValue(), 'Petra de Vries');
  const rows = (await serverPortfolio(page, id)).lists['recertification.a3_1.q1'];
  assert.deepEqual(rows.map((r) => r.value.facilitator), ['Petra de Vries']);
  await tablet.close();
  await context.close();
});
