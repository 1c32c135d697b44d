// Metadesk's service worker: makes the workspace installable and opens it offline to a shell.
// It caches only the app's own static files; /api and the socket always go to the network, so it
// never serves stale server data.
const CACHE = 'metadesk-shell-v1';
self.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(['/', '/favicon.svg', '/manifest.webmanifest']))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});
self.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (
    e.request.method !== 'GET' ||
    url.origin !== location.origin ||
    url.pathname.startsWith('/api/') ||
    url.pathname === '/healthz' ||
    url.pathname === '/metrics'
  )
    return;
  if (url.pathname.startsWith('/assets/')) {
    // Hashed file names never change content: cache first.
    e.respondWith(
      caches.open(CACHE).then(
        async (c) =>
          (await c.match(e.request)) ??
          fetch(e.request).then((r) => {
            if (r.ok) void c.put(e.request, r.clone());
            return r;
          }),
      ),
    );
    return;
  }
  if (e.request.mode === 'navigate') {
    // The page itself: network first (a new version shows at once), the cached shell when offline.
    e.respondWith(fetch(e.request).catch(() => caches.match('/')));
  }
});
