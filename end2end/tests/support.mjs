// Shared set-up of the browser tests: Debian's Chromium, headless, driven by
// playwright-core; axe-core for accessibility; screenshots for people to look at.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = require('axe-core').source;

/** The e-mail verification links the server logged so far (no SMTP in tests), oldest first. */
export function verificationLinks() {
  assert.ok(process.env.SERVER_LOG, 'scripts/e2e.sh exports SERVER_LOG');
  const log = readFileSync(process.env.SERVER_LOG, 'utf8');
  return log.match(/http:\/\/[^\s"]*\/e-mail-bevestigen#token=[0-9a-f]+/g) ?? [];
}

/** The newest verification link the server logged. */
export function newestVerificationLink() {
  const links = verificationLinks();
  return links[links.length - 1];
}

export const BASE_URL = process.env.BASE_URL ?? 'http://localhost:3000';
export const OUTPUT_DIR = new URL('../test-output/', import.meta.url).pathname;
mkdirSync(OUTPUT_DIR, { recursive: true });

/**
 * Chromium's switches for every run here. The machine's network is closed:
 * background services of Chromium would only fail, noisily.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The phone every test and the bench play: 360 px wide, touch. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'nl-NL',
};

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A phone-sized page that records console errors and failed page scripts. */
/**
 * Each browser context plays a different person on a different network: the
 * test server trusts X-Forwarded-For (scripts/e2e.sh), so the per-address
 * rate limits on sign-up and sign-in stay at their production values without
 * the whole suite, all on 127.0.0.1, sharing one bucket. The addresses are
 * from TEST-NET-3 (RFC 5737) and only ever appear in this header.
 */
let personCounter = 0;
function nextPersonAddress() {
  personCounter += 1;
  return `203.0.113.${(personCounter % 250) + 1}`;
}

export async function phonePage(browser, options = {}) {
  const context = await browser.newContext({
    extraHTTPHeaders: { 'X-Forwarded-For': nextPersonAddress() },
    ...PHONE,
    ...options,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    // A failed request names its URL, so a failure says which one.
    const url = msg.text().startsWith('Failed to load resource') ? ` (${msg.location().url})` : '';
    if (msg.type() === 'error') errors.push(msg.text() + url);
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

/** Waits until the wasm has hydrated the page (the app marks <html>). */
export async function waitForHydration(page, timeout = 30000) {
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, {
    timeout,
  });
}

/** Runs axe-core (WCAG 2.1 A and AA rules) and fails with the violations. */
export async function assertAccessible(page, label) {
  // evaluate() is not subject to the page's Content-Security-Policy, so the
  // policy under test stays on.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  const summary = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: `${OUTPUT_DIR}${name}.png`, fullPage: true });
}

/**
 * A platform authenticator (the phone's passkey store) through the DevTools
 * protocol: discoverable credentials, user verification always given.
 */
export async function addVirtualAuthenticator(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials,
    /** The same passkey on another device (a synced passkey). */
    addCredential: (credential) => cdp.send('WebAuthn.addCredential', { authenticatorId, credential }),
  };
}

/**
 * Ticks the privacy statement checkbox of the sign-up form (dossier); the
 * invitation and set-up forms have none.
 */
export async function acceptPrivacy(page) {
  const box = page.getByRole('checkbox', { name: /privacyverklaring/ });
  if (await box.count()) await box.check();
}

/** Signs a new candidate up at /registreren; returns the authenticator. */
export async function signUpCandidate(page, context, name = 'Kim de Vries') {
  const authenticator = await addVirtualAuthenticator(context, page);
  await page.goto(BASE_URL + '/registreren');
  await waitForHydration(page);
  await page.getByLabel('Naam').fill(name);
  await page.getByLabel('E-mailadres').fill(`kandidaat.${Date.now()}.${Math.random().toString(36).slice(2)}@example.nl`);
  await acceptPrivacy(page);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  return authenticator;
}

/**
 * A candidate on the home page invites their mentor by address; without
 * SMTP the page shows the invitation link, which this returns.
 */
export async function inviteMentor(page, email) {
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByLabel('E-mailadres van je mentor').fill(email);
  await page.getByRole('button', { name: 'Mentor uitnodigen' }).tap();
  return (await page.getByTestId('mentor-link').textContent()).trim();
}

/**
 * A new person in a phone-sized context of their own, signed up with an
 * invitation link; returns phonePage's { context, page, errors }.
 */
export async function signUpWithInvitation(browser, link, name, email) {
  const person = await phonePage(browser);
  const page = person.page;
  await addVirtualAuthenticator(person.context, page);
  await page.goto(link);
  await waitForHydration(page);
  await page.getByLabel('Naam').fill(name);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  return person;
}

/**
 * The first admin, through the one-time set-up link (SETUP_LINK). Returns
 * false when there is no link (the server was set up before).
 */
export async function signUpAdmin(page, context, name = 'Ada Administratie') {
  if (!process.env.SETUP_LINK) return false;
  await addVirtualAuthenticator(context, page);
  await page.goto(process.env.SETUP_LINK);
  await waitForHydration(page);
  await page.getByLabel('Naam').fill(name);
  await page.getByLabel('E-mailadres').fill(`ada.${Date.now()}@example.nl`);
  await page.getByRole('button', { name: 'Account aanmaken met passkey' }).tap();
  await page.getByRole('heading', { name: 'Bewaar je herstelcodes' }).waitFor();
  return true;
}

/**
 * Signs in at /inloggen with the context's passkey. The page also offers
 * passkey autofill (conditional mediation), which the virtual authenticator
 * may answer by itself before the button is tapped: either way the person
 * ends up signed in.
 */
export async function signIn(page) {
  await page.goto(BASE_URL + '/inloggen');
  await waitForHydration(page);
  const signedIn = page.waitForURL((url) => !url.pathname.startsWith('/inloggen'));
  await Promise.race([
    signedIn,
    page.getByRole('button', { name: 'Inloggen met passkey' }).tap().catch(() => {}),
  ]);
  await signedIn;
}

/** Waits until the sync status element's text contains `text`. */
export async function waitForStatus(page, text, timeout = 20000) {
  await page.waitForFunction(
    (t) => document.querySelector('[data-testid="sync-status"]')?.textContent.includes(t),
    text,
    { timeout },
  );
}

/** Starts a portfolio from "Mijn portfolio's" on the home page. */
export async function startPortfolio(page, fillChoice) {
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Nieuw portfolio' }).tap();
  await fillChoice(page);
  await page.getByRole('button', { name: 'Portfolio aanmaken' }).tap();
  await page.waitForURL('**/portfolio?id=*');
  return new URL(page.url()).searchParams.get('id');
}

/** The server's copy of a portfolio, as the signed-in person sees it. */
export async function serverPortfolio(page, id) {
  const response = await page.request.get(`${BASE_URL}/api/portfolios/${id}`);
  assert.equal(response.status(), 200);
  return response.json();
}

/** Everything is on the server and nothing else is being announced. */
export async function waitForSynced(page) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid="sync-status"]')?.textContent.trim() === 'Gesynchroniseerd',
    null,
    { timeout: 20000 },
  );
}

/**
 * The same person on a second device: a new browser context that gets the
 * first device's passkey (a synced passkey) and signs in with it.
 */
export async function secondDevice(browser, authenticator) {
  const { context, page } = await phonePage(browser);
  const second = await addVirtualAuthenticator(context, page);
  for (const credential of await authenticator.credentials()) await second.addCredential(credential);
  await signIn(page);
  return { context, page };
}

/**
 * Complete portfolio content (shared::fixtures, printed by the
 * complete_portfolio example that scripts/e2e.sh builds): every question
 * answered so the checklist passes. `{ targets: [{ target, value }], files:
 * [{ id, sha256, text }] }`.
 */
export function completeContent(kind = 'initial', route = 'full') {
  const bin = process.env.COMPLETE_PORTFOLIO_BIN;
  assert.ok(bin, 'scripts/e2e.sh exports COMPLETE_PORTFOLIO_BIN');
  return JSON.parse(execFileSync(bin, [kind, route], { encoding: 'utf8' }));
}

/**
 * Creates a portfolio for the signed-in person of `page` and fills it with
 * complete content through the sync API, as another device of theirs
 * would, with every bewijsstuk uploaded. Returns the portfolio's id.
 */
export async function completePortfolio(page, kind = 'initial', route = 'full') {
  const headers = { origin: BASE_URL };
  const me = await (await page.request.get(`${BASE_URL}/api/me`)).json();
  const created = await page.request.post(`${BASE_URL}/api/portfolios`, {
    headers,
    data: { account_id: me.id, kind },
  });
  assert.equal(created.status(), 201, await created.text());
  const { id } = await created.json();
  const content = completeContent(kind, route);
  for (let start = 0, n = 0; start < content.targets.length; start += 150, n += 1) {
    const client = `fixture-${id}-${n}`;
    const mutations = content.targets.slice(start, start + 150).map((t, i) => ({
      id: { client_id: client, seq: i + 1 },
      portfolio_id: id,
      target: t.target,
      base_version: 0,
      op: 'set',
      value: t.value,
    }));
    const pushed = await page.request.post(`${BASE_URL}/api/sync/push`, {
      headers,
      data: { account_id: me.id, client_id: client, mutations },
    });
    assert.equal(pushed.status(), 200, await pushed.text());
  }
  for (const file of content.files) {
    const put = await page.request.put(`${BASE_URL}/api/portfolios/${id}/files/${file.sha256}`, {
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      data: Buffer.from(file.text, 'utf8'),
    });
    assert.ok(put.ok(), `upload ${file.id}: ${put.status()} ${await put.text()}`);
  }
  return id;
}

/** Gives the account of `person` (a page signed in) `roles`, as the admin. */
export async function giveRoles(adminPage, person, roles) {
  const me = await (await person.request.get(`${BASE_URL}/api/me`)).json();
  const reply = await adminPage.request.put(`${BASE_URL}/api/admin/accounts/${me.id}/roles`, {
    headers: { origin: BASE_URL },
    data: { roles },
  });
  assert.equal(reply.status(), 200, await reply.text());
  return me.id;
}

/** The page needs no sideways scrolling at its viewport's width. */
export async function assertFitsWidth(page, label) {
  const { scroll, width } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  assert.ok(scroll <= width, `${label} fits ${width} px (scrollWidth ${scroll})`);
}
