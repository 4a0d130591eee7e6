// Service worker of the Register Jobcoach portfolio: starts the app without
// a connection after one online visit.
//
// One cache per build. The page registers this script as
//   /sw.js?build=<id>&assets=<the build's own /pkg/ files>
// so every deployment has its own script URL and therefore its own worker.
// Installing caches the pages, the build's files and the wasm chunks those
// pages name (each lazy page is a chunk of its own: the editor's must be
// here to start offline), and fails (so the old worker stays) unless the
// pages fetched name exactly the build files the page announced: HTML and
// wasm always come from the same build. A new
// worker waits until the person chooses "Nu bijwerken" in the page, which
// posts 'skip-waiting'; closing every tab also lets it take over.
//
// Pages are network first (a deployment reaches people at once), falling
// back to the cached copy offline. Hashed files are cache first: their
// names change with their content. /api is never touched: personal data
// lives in the page's own storage, not here.

const params = new URL(self.location.href).searchParams;
const BUILD = params.get('build') || 'unversioned';
const ASSETS = (params.get('assets') || '')
  .split(',')
  .filter((path) => path.startsWith('/pkg/'))
  .sort();
// Chunks of lazy pages and their loader; the same rule as the page's
// `is_build_file` (app/src/service_worker.rs).
const CHUNK = /^\/pkg\/(split_|chunk_|__wasm_split)/;
const CACHE = `rj-build-${BUILD}`;
// The editor lives on one path whatever the portfolio (?id=...), so these
// pages start every screen of the app that works offline.
const PAGES = ['/', '/portfolio'];
const STATIC = ['/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];
const NETWORK_TIMEOUT_MS = 6000;

function pkgFiles(html) {
  const found = new Set();
  // Links, and the wasm's start script (data-js, data-wasm).
  for (const match of html.matchAll(/(?:href|src|data-js|data-wasm)="(\/pkg\/[^"]+)"/g)) found.add(match[1]);
  return [...found].sort();
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const chunks = new Set();
      for (const path of PAGES) {
        // Without cookies: the cached page must not carry anyone's data.
        const response = await fetch(path, { cache: 'no-store', credentials: 'omit' });
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        const files = pkgFiles(await response.clone().text());
        const own = files.filter((file) => !CHUNK.test(file));
        if (own.join(',') !== ASSETS.join(',')) {
          // A newer deployment answered meanwhile; its own page will
          // register its own worker.
          throw new Error('the pages belong to another build');
        }
        for (const file of files) if (CHUNK.test(file)) chunks.add(file);
        await cache.put(path, response);
      }
      const files = [...ASSETS, ...chunks, ...STATIC];
      await cache.addAll(files.map((url) => new Request(url, { cache: 'no-store' })));
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith('rj-build-') && key !== CACHE) await caches.delete(key);
      }
      // The first visit is controlled at once, so it already works offline.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(page(request, url));
  } else if (url.pathname.startsWith('/pkg/') || STATIC.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
}

async function page(request, url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch (err) {
    const cache = await caches.open(CACHE);
    const cached = PAGES.includes(url.pathname) && (await cache.match(url.pathname));
    return cached || offlinePage();
  } finally {
    clearTimeout(timer);
  }
}

function offlinePage() {
  const html = `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline</title></head>
<body><main><h1>Je bent offline</h1>
<p>Deze pagina is zonder verbinding niet beschikbaar. Je portfolio wel:
<a href="/portfolio">naar mijn portfolio</a> of <a href="/">naar de startpagina</a>.</p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; base-uri 'none'",
    },
  });
}
