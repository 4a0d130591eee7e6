// The local replica under faults: storage that is full, local state this
// build cannot read, a tab left open while someone else signs in, an edit
// the server refuses. Nothing typed is lost or lands in another field or
// in another person's account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch,
  phonePage,
  assertAccessible,
  signUpCandidate,
  startPortfolio,
  serverPortfolio,
  BASE_URL,
  waitForHydration,
  waitForSynced,
} from './support.mjs';

const KEYS = ['recertification.a2.plan.q1', 'recertification.a2.plan.q2', 'recertification.a2.advice.q1'];
const answer = (page, key) => page.locator(`[data-key="${key}"] textarea`);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function candidateWithPortfolio() {
  const { context, page } = await phonePage(browser);
  await signUpCandidate(page, context);
  const id = await startPortfolio(page, async (p) => {
    await p.getByLabel(/^Hercertificering/).check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForSynced(page);
  return { context, page, id, url: page.url() };
}

test('with storage full, edits still sync, the page says so, and a reload loses or misplaces nothing', async () => {
  const { context, page, id, url } = await candidateWithPortfolio();
  for (const key of KEYS) assert.equal(await answer(page, key).count(), 1, key);
  // Saved normally once, then the quota is full for every later write of
  // the drafts (init script: also after the reload).
  await answer(page, KEYS[0]).fill('Eerste veld.');
  await waitForSynced(page);
  await page.waitForTimeout(500); // the 300 ms save (not asserted on)
  await context.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (this === window.localStorage && key.startsWith('rj-portfolio/v1/account/')) {
        throw new DOMException('full', 'QuotaExceededError');
      }
      return set.call(this, key, value);
    };
  });
  await page.reload();
  await waitForHydration(page);
  await answer(page, KEYS[1]).fill('Tweede veld.');
  await page.getByTestId('storage-error').waitFor();
  await waitForSynced(page);
  await assertAccessible(page, 'editor with storage full');

  // The stored copy is older than what was sent: its numbering must not
  // be reused for the next edit.
  await page.goto(url);
  await waitForHydration(page);
  await answer(page, KEYS[2]).fill('Derde veld.');
  await waitForSynced(page);
  assert.equal(await answer(page, KEYS[1]).inputValue(), 'Tweede veld.');
  assert.equal(await answer(page, KEYS[2]).inputValue(), 'Derde veld.');
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.answers[KEYS[0]], 'Eerste veld.');
  assert.equal(detail.answers[KEYS[1]], 'Tweede veld.');
  assert.equal(detail.answers[KEYS[2]], 'Derde veld.');
  await context.close();
});

test('local state this build cannot read is set aside, named, offered as a download, and kept', async () => {
  const { context, page, url } = await candidateWithPortfolio();
  const key = await page.evaluate(() =>
    Object.keys(localStorage).find((k) => k.startsWith('rj-portfolio/v1/account/')),
  );
  const garbage = '{"format": 99, "iets": "van een andere versie"}';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, garbage]);
  await page.goto(url);
  await waitForHydration(page);
  const notice = page.getByTestId('quarantine');
  await notice.waitFor();
  const link = notice.getByRole('link', { name: /Download/ });
  const href = await link.getAttribute('href');
  assert.equal(decodeURIComponent(href.split(',').slice(1).join(',')), garbage);
  await assertAccessible(page, 'editor with set-aside local data');
  // Typing and syncing never overwrite it.
  await answer(page, KEYS[0]).fill('Na het apart zetten.');
  await waitForSynced(page);
  await page.waitForTimeout(500);
  const kept = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith('rj-portfolio/v1/quarantine/'))
      .map(([, v]) => v),
  );
  assert.deepEqual(kept, [garbage]);
  await context.close();
});

test('what another tab writes under the drafts\' key and this build cannot read is set aside at the next save', async () => {
  const { context, page, url } = await candidateWithPortfolio();
  await answer(page, KEYS[0]).fill('Eerst van dit tabblad.');
  await waitForSynced(page);
  const key = await page.evaluate(() =>
    Object.keys(localStorage).find((k) => k.startsWith('rj-portfolio/v1/account/')),
  );
  // Another document of the site (not an editor, so this tab stays the
  // editing one) writes under the key, as a tab of another build would.
  const other = await context.newPage();
  await other.goto(new URL('/favicon.svg', url).href);
  const garbage = '{"format": 99, "iets": "van een ander tabblad"}';
  await other.evaluate(([k, v]) => localStorage.setItem(k, v), [key, garbage]);
  await other.close();
  await answer(page, KEYS[1]).fill('Daarna weer hier.');
  await page.waitForFunction(
    (k) => localStorage.getItem(k)?.includes('Daarna weer hier.'),
    key,
  );
  const kept = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith('rj-portfolio/v1/quarantine/'))
      .map(([, v]) => v),
  );
  assert.deepEqual(kept, [garbage]);
  await context.close();
});

/** The session cookie of a context, to hand to another context. */
async function sessionCookies(context) {
  return (await context.cookies()).filter((c) => c.name.includes('rj_session'));
}

test('a tab left open while someone else signs in stops syncing, asks for its own person and keeps the drafts', async () => {
  const { context, page, id } = await candidateWithPortfolio();
  const kim = await sessionCookies(context);
  // Someone else signs in on this device (a shared tablet): the browser's
  // session is now theirs, while Kim's tab is still open.
  const other = await phonePage(browser);
  await signUpCandidate(other.page, other.context, 'Bo Bakker');
  await context.addCookies(await sessionCookies(other.context));

  await answer(page, KEYS[0]).fill('Kims tekst van de gedeelde tablet.');
  const signInAs = page.getByTestId('sign-in-as');
  await signInAs.waitFor({ timeout: 20000 });
  assert.equal((await signInAs.textContent()).trim(), 'Inloggen als Kim de Vries');
  await assertAccessible(page, 'editor of a tab whose session is another account');
  // Nothing of Kim's reached Bo's account, and Kim's draft is still here.
  const bo = await (await page.request.get(`${BASE_URL}/api/portfolios`)).json();
  assert.deepEqual(bo.portfolios, []);
  assert.equal(await answer(page, KEYS[0]).inputValue(), 'Kims tekst van de gedeelde tablet.');
  const stored = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith('rj-portfolio/v1/account/'))
      .map(([, v]) => v)
      .join(''),
  );
  assert.match(stored, /Kims tekst van de gedeelde tablet\./);

  // Kim signs in again: the kept edit reaches Kim's portfolio.
  await context.addCookies(kim);
  await page.reload();
  await waitForHydration(page);
  await waitForSynced(page);
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.answers[KEYS[0]], 'Kims tekst van de gedeelde tablet.');
  await other.context.close();
  await context.close();
});

test('a row the server refuses stays in its list, readable and copyable, counted as unsynced, until thrown away', async () => {
  const { context, page, id, url } = await candidateWithPortfolio();
  const LIST = 'recertification.a3_1.q1';
  const meetings = page.locator(`[data-key="${LIST}"]`);
  // Offline, on the train, a meeting is added...
  await context.setOffline(true);
  await meetings.getByRole('button', { name: 'Bijeenkomst toevoegen' }).tap();
  const row = meetings.locator('.row-card').first();
  await row.getByLabel('Naam van de begeleider (supervisor of facilitator)').fill('Petra Supervisor');
  // ...while another device of Kim's fills the list to its limit (500 rows).
  const me = await (await page.request.get(`${BASE_URL}/api/me`)).json();
  const clientId = `tablet-${Date.now()}`;
  let seq = 0;
  for (let batch = 0; batch < 3; batch++) {
    const mutations = [];
    for (let i = 0; i < (batch < 2 ? 200 : 100); i++) {
      seq += 1;
      const itemId = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
      mutations.push({
        id: { client_id: clientId, seq },
        portfolio_id: id,
        target: { kind: 'item', list: LIST, item_id: itemId },
        base_version: 0,
        op: 'set',
        value: { type: 'json', value: { id: itemId, date: '2026-01-15', facilitator: `Begeleider ${seq}`, own_case: false, added: seq } },
      });
    }
    const reply = await page.request.post(`${BASE_URL}/api/sync/push`, {
      data: { account_id: me.id, client_id: clientId, mutations },
      headers: { Origin: BASE_URL },
    });
    assert.equal(reply.status(), 200, await reply.text());
  }
  // Back online: the server refuses the 501st row, with its reason.
  await context.setOffline(false);
  const refused = meetings.getByTestId('rejected-edit');
  await refused.waitFor({ timeout: 30000 });
  assert.match(await refused.textContent(), /Deze lijst is vol: maximaal 500 regels/);
  assert.match(await refused.locator('textarea').inputValue(), /Petra Supervisor/);
  assert.notEqual((await page.getByTestId('sync-status').textContent()).trim(), 'Gesynchroniseerd');
  await assertAccessible(page, 'editor with a refused row');

  // A reload keeps it: only the person's explicit choice lets it go.
  await page.goto(url);
  await waitForHydration(page);
  await refused.waitFor({ timeout: 30000 });
  assert.match(await refused.locator('textarea').inputValue(), /Petra Supervisor/);
  await refused.getByRole('button', { name: 'Deze wijziging weggooien' }).tap();
  await refused.getByRole('button', { name: 'Ja, weggooien' }).tap();
  await waitForSynced(page);
  assert.equal(await meetings.getByTestId('rejected-edit').count(), 0);
  const detail = await serverPortfolio(page, id);
  assert.equal(detail.lists[LIST].length, 500);
  assert.ok(!detail.lists[LIST].some((r) => r.value.facilitator === 'Petra Supervisor'));
  await context.close();
});
