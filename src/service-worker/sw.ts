/**
 * Dispatch's service worker: its own entry, bundled and given its precache manifest after the
 * prerender step (src/build/service-worker-build.ts). Workbox does the caching:
 * - the app's assets and shell are precached (hashed assets, so cache-first is safe);
 * - pages are network-first with a short timeout, then the reader's saved copy, then the app
 *   shell, which renders the "you are offline" page with the stories that can be read;
 * - article JSON is stale-while-revalidate from the saved copy;
 * - pictures come from a saved story's copy when it has them, else the network.
 * Only saved stories are kept: a page read and not saved is never served from a cache, so a
 * story removed from saved no longer opens offline. A saved story read online refreshes its copy.
 * A new version waits until the reader chooses to reload (the page sends SKIP_WAITING).
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies';
import { SAVED_CACHE, savedCopyKey, storySlugOf } from '../lib/offline-cache';
import { pictureIdOf } from '../lib/pictures';
import { PICTURES_DIR, SHELL_FILE } from '../lib/site-files';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: Array<{ url: string; revision: string | null }>;
};

const BASE = import.meta.env.BASE_URL;
/** How long a page request waits for the network before a saved copy answers instead. */
const NETWORK_TIMEOUT_SECONDS = 3;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// A worker takes the open pages once it is active, so a story saved on a first visit opens
// offline. An update is active only once the reader has chosen to reload (the message handler).
clientsClaim();

/** Saved copies are keyed without trailing slash or fragment, as the page stores them. */
const savedCopyKeys: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request }) => savedCopyKey(request.url),
};

/** The saved-copy cache is written by the page when a story is saved; here it is only refreshed. */
const refreshSavedCopiesOnly: WorkboxPlugin = {
  cacheWillUpdate: async ({ request, response }) => {
    if (!response.ok || storySlugOf(request.url, BASE) === null) return null;
    const cache = await caches.open(SAVED_CACHE);
    return (await cache.match(savedCopyKey(request.url))) ? response : null;
  },
};

/** No network and no saved copy: the app shell, which says so and lists what can be read. */
const shellWhenOffline: WorkboxPlugin = {
  handlerDidError: async () => (await matchPrecache(`${BASE}${SHELL_FILE}`)) ?? Response.error(),
};

registerRoute(
  new NavigationRoute(
    new NetworkFirst({
      cacheName: SAVED_CACHE,
      networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS,
      plugins: [savedCopyKeys, refreshSavedCopiesOnly, shellWhenOffline],
    }),
  ),
);

registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === 'GET' &&
    url.pathname.startsWith(`${BASE}content/articles/`),
  new StaleWhileRevalidate({
    cacheName: SAVED_CACHE,
    plugins: [savedCopyKeys, refreshSavedCopiesOnly],
  }),
);

/**
 * Pictures: a saved story's own files (stored with `?story=`, found ignoring it), else the
 * network. Offline, where the browser asks for another width or format than the one saved
 * (the window was resized), any saved file of the same picture answers instead.
 */
registerRoute(
  ({ url, request }) =>
    url.origin === self.location.origin &&
    request.method === 'GET' &&
    url.pathname.startsWith(`${BASE}${PICTURES_DIR}/`),
  async ({ request, url }) => {
    const cache = await caches.open(SAVED_CACHE);
    const options = { ignoreSearch: true, ignoreVary: true };
    const saved = await cache.match(request, options);
    if (saved) return saved;
    try {
      return await fetch(request);
    } catch (error) {
      const id = pictureIdOf(url.pathname);
      const sibling = id
        ? (await cache.keys()).find((key) => pictureIdOf(new URL(key.url).pathname) === id)
        : undefined;
      const answer = sibling && (await cache.match(sibling, options));
      if (answer) return answer;
      throw error;
    }
  },
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
