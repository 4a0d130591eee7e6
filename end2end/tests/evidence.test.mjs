// Evidence files (bewijsstukken) offline on a phone: a PDF attached to a PE
// activity while offline stays on the device through a reload ("Wacht op
// verbinding"), is uploaded when the connection returns ("Geüpload"), and
// the server returns exactly its bytes; a photo through the camera input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  launch,
  phonePage,
  waitForHydration,
  assertAccessible,
  screenshot,
  signUpCandidate,
  startPortfolio,
  serverPortfolio,
  waitForStatus,
  BASE_URL,
} from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PDF = Buffer.from('%PDF-1.4\n% bewijsstuk e2e\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n');
// A 1x1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function waitForServiceWorker(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

const fileStatus = (row, name) =>
  row.getByTestId('evidence-file').filter({ hasText: name }).getByTestId('evidence-status');

/** A new candidate on a phone, in the editor of a synced recertification portfolio. */
async function recertificationEditor() {
  const { context, page, errors } = await phonePage(browser);
  await signUpCandidate(page, context);
  const portfolioId = await startPortfolio(page, async (p) => {
    await p.getByLabel('Hercertificering').check();
    await p.getByLabel('Einddatum certificaat').fill('2027-06-30');
  });
  await waitForStatus(page, 'Gesynchroniseerd');
  return { context, page, errors, portfolioId };
}

test('a PDF attached offline survives a reload and is uploaded when the connection returns', async () => {
  const { context, page, errors, portfolioId } = await recertificationEditor();
  await page.getByRole('button', { name: 'Activiteit toevoegen' }).tap();
  const row = page.getByTestId('pe-row').first();
  await row.getByLabel('Omschrijving').fill('Cursus motiverende gespreksvoering');
  await waitForStatus(page, 'Gesynchroniseerd');
  await waitForServiceWorker(page);

  await context.setOffline(true);
  await waitForStatus(page, 'Offline');
  await row
    .getByLabel('Bewijsstuk: Cursus motiverende gespreksvoering', { exact: true })
    .setInputFiles({ name: 'certificaat.pdf', mimeType: 'application/pdf', buffer: PDF });
  await assertWait(() => fileStatus(row, 'certificaat.pdf').textContent(), 'Wacht op verbinding');
  await page.waitForTimeout(500); // the 300 ms local save of the evidence row
  await page.reload();
  await waitForHydration(page);
  const again = page.getByTestId('pe-row').first();
  await assertWait(() => fileStatus(again, 'certificaat.pdf').textContent(), 'Wacht op verbinding');
  await assertAccessible(page, 'editor with an evidence file waiting');
  await screenshot(page, 'evidence-waiting-360x740');

  await context.setOffline(false);
  await assertWait(() => fileStatus(again, 'certificaat.pdf').textContent(), 'Geüpload', 30000);
  await waitForStatus(page, 'Gesynchroniseerd', 30000);
  const download = await page.request.get(`${BASE_URL}/api/portfolios/${portfolioId}/files/${sha256(PDF)}`);
  assert.equal(download.status(), 200);
  assert.ok(Buffer.from(await download.body()).equals(PDF), 'the server returned other bytes');
  assert.equal(download.headers()['content-type'], 'application/pdf');
  assert.match(download.headers()['content-disposition'], /^attachment; filename="certificaat.pdf"/);
  const detail = await serverPortfolio(page, portfolioId);
  const entry = detail.evidence.find((e) => e.sha256 === sha256(PDF));
  assert.ok(entry, JSON.stringify(detail.evidence));
  assert.equal(entry.stored, true);
  assert.equal(entry.slot.key, 'recertification.b.q1');
  // Requests made while offline fail, as they should; nothing else may.
  assert.deepEqual(errors.filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED')), []);

  // A photo through the camera input.
  await again
    .getByLabel(/^Foto maken/)
    .setInputFiles({ name: 'foto.png', mimeType: 'image/png', buffer: PNG });
  await assertWait(() => fileStatus(again, 'foto.png').textContent(), 'Geüpload', 30000);
  assert.equal(await again.getByTestId('evidence-file').filter({ hasText: 'foto.png' }).locator('img').count(), 1);
  const photo = await page.request.get(`${BASE_URL}/api/portfolios/${portfolioId}/files/${sha256(PNG)}?inline=1`);
  assert.equal(photo.status(), 200);
  assert.ok(Buffer.from(await photo.body()).equals(PNG));
  await assertAccessible(page, 'editor with uploaded evidence');
  await again.screenshot({ path: new URL('../test-output/evidence-pe-row.png', import.meta.url).pathname });

  // An HTML page named .pdf is refused at once, in Dutch, and not attached.
  await again.getByLabel('Bewijsstuk: Cursus motiverende gespreksvoering', { exact: true }).setInputFiles({
    name: 'factuur.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<!DOCTYPE html><html><body>geen pdf</body></html>'),
  });
  await assertWait(
    () => again.locator('.evidence .field-error').first().textContent(),
    'wordt niet aangenomen',
  );
  assert.equal(await again.getByTestId('evidence-file').filter({ hasText: 'factuur.pdf' }).count(), 0);
  await context.close();
});

test('a bewijsstuk question is answered by its file, without a text field the server would refuse', async () => {
  const { context, page, errors, portfolioId } = await recertificationEditor();
  const cv = page.locator('.question[data-key="recertification.a1.q1"]');
  await cv.waitFor();
  // Its key takes no text answer on the server (shared::sync::validate_target):
  // a text area here would keep whatever is typed on the device only.
  assert.equal(await cv.locator('textarea').count(), 0);
  assert.ok((await page.locator('.question textarea.answer').count()) > 0, 'text questions keep their text area');
  await cv
    .getByLabel('Bewijsstuk: Curriculum vitae.', { exact: true })
    .setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF });
  await assertWait(() => fileStatus(cv, 'cv.pdf').textContent(), 'Geüpload', 30000);
  await waitForStatus(page, 'Gesynchroniseerd', 30000);
  const detail = await serverPortfolio(page, portfolioId);
  const entry = detail.evidence.find((e) => e.sha256 === sha256(PDF));
  assert.ok(entry, JSON.stringify(detail.evidence));
  assert.equal(entry.slot.key, 'recertification.a1.q1');
  assert.equal(await page.getByText('bestaat niet in dit portfolio').count(), 0);
  await assertAccessible(page, 'editor with a bewijsstuk question');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Polls `read` until its text contains `want`. */
async function assertWait(read, want, timeout = 20000) {
  const until = Date.now() + timeout;
  let last = '';
  while (Date.now() < until) {
    try {
      last = (await read()) ?? '';
      if (last.includes(want)) return;
    } catch {
      // not rendered yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`expected "${want}", last saw "${last}"`);
}
