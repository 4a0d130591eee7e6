import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, waitForHydration, assertAccessible, screenshot, BASE_URL } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('home page loads in Dutch without console errors', async () => {
  const { context, page, errors } = await phonePage(browser);
  const response = await page.goto(BASE_URL + '/');
  assert.equal(response.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: /Register Jobcoach/ }).waitFor());
  await waitForHydration(page);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the page hydrates: a step opens only once the wasm runs', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  const toggle = page.getByRole('button', { name: /Beoordeling/ });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.tap();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await assert.doesNotReject(page.getByText(/Twee assessoren/).waitFor({ state: 'visible' }));
  assert.deepEqual(errors, []);
  await context.close();
});

test('home page has no axe violations and fits 360 px', async () => {
  const { context, page } = await phonePage(browser);
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  await assertAccessible(page, 'home');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `page is ${overflow}px wide at a 360px viewport`);
  await screenshot(page, 'home-360x740');
  await context.close();
});

test('static assets are hashed, precompressed and cached for a year; pages are not', async () => {
  const res = await fetch(BASE_URL + '/');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  const html = await res.text();
  const wasm = html.match(/\/pkg\/rj-portfolio\.[\w-]+\.wasm/);
  assert.ok(wasm, 'the page names a hashed wasm file');
  const asset = await fetch(BASE_URL + wasm[0], { headers: { 'accept-encoding': 'br' } });
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('content-encoding'), 'br');
  assert.match(asset.headers.get('cache-control'), /max-age=31536000/);
  assert.match(res.headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('the wasm is fetched only after the first paint of the server HTML', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  // Nothing in the head fetches the main module early: no preload of it.
  const preloaded = await page.$$eval('link[rel=preload], link[rel=modulepreload]', (links) =>
    links.map((l) => l.getAttribute('href')).filter((h) => /\/pkg\/rj-portfolio\./.test(h)),
  );
  assert.deepEqual(preloaded, []);
  const order = await page.evaluate(() => {
    const paint = performance.getEntriesByName('first-paint')[0];
    const own = performance
      .getEntriesByType('resource')
      .filter((r) => /\/pkg\/rj-portfolio\.[\w-]+\.(js|wasm)$/.test(new URL(r.name).pathname));
    return { paint: paint?.startTime, fetched: own.map((r) => r.startTime) };
  });
  assert.ok(order.paint !== undefined, 'the browser reports its first paint');
  assert.equal(order.fetched.length, 2, 'the main script and wasm were fetched');
  for (const start of order.fetched) assert.ok(start >= order.paint, JSON.stringify(order));
  assert.deepEqual(errors, []);
  await context.close();
});

test('each page loads only its own chunk: no candidate page fetches the staff screens', async () => {
  const { context, page, errors } = await phonePage(browser);
  const chunks = new Map();
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    const split = path.match(/^\/pkg\/split_(\w+?)_view_/);
    if (split) chunks.set(split[1], (chunks.get(split[1]) ?? 0) + 1);
  });
  await page.goto(BASE_URL + '/');
  await waitForHydration(page);
  // The home page is in the main module.
  assert.deepEqual([...chunks.keys()], []);
  for (const path of ['/zelftest', '/inloggen', '/registreren', '/register']) {
    await page.goto(BASE_URL + path);
    await waitForHydration(page);
  }
  assert.deepEqual([...chunks.keys()].sort(), ['entry', 'register', 'self_check']);
  // Anyone may open the administration's address (the page says it is for
  // admins); only then does its chunk come.
  await page.goto(BASE_URL + '/administratie');
  await waitForHydration(page);
  assert.ok(chunks.has('staff'), `chunks fetched: ${[...chunks.keys()]}`);
  assert.ok(!chunks.has('editor') && !chunks.has('own'));
  assert.deepEqual(errors, []);
  await context.close();
});
