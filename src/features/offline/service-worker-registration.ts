import { Workbox } from 'workbox-window';
import { persistScrollPositions } from '../../lib/scroll-memory';
import { SERVICE_WORKER_FILE } from '../../lib/site-files';
import { pendingUpdate } from './offline-state';

/** How often an open tab looks for a new version, besides when it becomes visible again. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers the service worker (after hydration: it never competes with the first paint) and
 * watches for new versions. A new worker waits; the page offers "Reload for the new version",
 * and only the reader's choice activates it, then reloads where they were.
 * Resolves true once a worker is active, false where there can be none (no support, blocked,
 * or a development build, which has no worker).
 */
export async function registerServiceWorker(): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  const workbox = new Workbox(`${import.meta.env.BASE_URL}${SERVICE_WORKER_FILE}`);

  workbox.addEventListener('waiting', () => {
    pendingUpdate.set(() => {
      workbox.addEventListener('controlling', () => {
        // The browser restores the scroll position on reload; the app's own memory goes too.
        persistScrollPositions();
        window.location.reload();
      });
      workbox.messageSkipWaiting();
    });
  });

  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await workbox.register({ immediate: true });
  } catch {
    // Offline with no worker yet, or registration refused: pages still work, online.
    return Boolean(navigator.serviceWorker.controller);
  }
  if (!registration) return false;

  const check = () => void workbox.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  setInterval(check, UPDATE_CHECK_MS);

  await navigator.serviceWorker.ready;
  return true;
}
