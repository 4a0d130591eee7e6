// Lighthouse (the npm package in tools/, default mobile settings: simulated
// slow 4G and 4x CPU slowdown) against the Chromium the bench launched, over
// its DevTools port.
import lighthouse from '../../tools/node_modules/lighthouse/core/index.js';

/** Whether a request of the page is the app's code: scripts and wasm. */
export function isCode(request) {
  const url = request.url.split('?')[0];
  return (
    request.resourceType === 'Script' ||
    url.endsWith('.wasm') ||
    url.endsWith('.js') ||
    (request.mimeType ?? '').includes('wasm')
  );
}

/**
 * One Lighthouse run of `url`. `keepStorage`: leave cookies and storage as
 * they are (the signed-in editor); otherwise Lighthouse clears the origin's
 * storage first, as for a first visit.
 */
export async function runLighthouse(port, url, { label, keepStorage = false }) {
  const flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    disableStorageReset: keepStorage,
  };
  const result = await lighthouse(url, flags);
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const audit = (id) => lhr.audits[id];
  const requests = (audit('network-requests')?.details?.items ?? [])
    // Only the page's own requests: the service worker precaching every
    // chunk at install is not what the page needs.
    .filter((r) => !r.sessionTargetType || r.sessionTargetType === 'page')
    .map((r) => ({
      url: r.url,
      resourceType: r.resourceType,
      mimeType: r.mimeType,
      transferSize: r.transferSize ?? 0,
      resourceSize: r.resourceSize ?? 0,
    }));
  const code = requests.filter(isCode);
  const document = requests.find((r) => r.resourceType === 'Document');
  const css = requests.filter((r) => r.resourceType === 'Stylesheet');
  const throttling = lhr.configSettings.throttling;
  // What no page can beat on this link: the request for the HTML and the
  // render-blocking CSS (a round trip each, after the connection's) and
  // their bytes at the link's throughput.
  const blockingBytes = (document?.transferSize ?? 0) + css.reduce((n, r) => n + r.transferSize, 0);
  const floorMs = 3 * throttling.rttMs + (blockingBytes * 8) / throttling.throughputKbps;
  const lcpElement =
    audit('largest-contentful-paint-element')?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null;
  const shifts = (audit('layout-shifts')?.details?.items ?? []).map((s) => ({
    score: s.score,
    node: s.node?.snippet ?? null,
  }));
  return {
    label,
    url,
    version: lhr.lighthouseVersion,
    finalUrl: lhr.finalDisplayedUrl,
    score: Math.round((lhr.categories.performance.score ?? 0) * 100),
    lcp: audit('largest-contentful-paint').numericValue,
    cls: audit('cumulative-layout-shift').numericValue,
    tbt: audit('total-blocking-time').numericValue,
    fcp: audit('first-contentful-paint').numericValue,
    codeTransfer: code.reduce((n, r) => n + r.transferSize, 0),
    code,
    documentBytes: document?.transferSize ?? 0,
    floorMs,
    lcpElement,
    shifts,
    throttling: {
      rttMs: throttling.rttMs,
      throughputKbps: throttling.throughputKbps,
      cpuSlowdownMultiplier: throttling.cpuSlowdownMultiplier,
    },
  };
}

/**
 * Unregisters the service worker and drops its caches and the HTTP cache,
 * keeping cookies and localStorage: the next load fetches the code over
 * the network again.
 */
export async function clearWorkerAndCaches(page, baseUrl) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', {
    origin: new URL(baseUrl).origin,
    storageTypes: 'service_workers,cache_storage',
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
}
