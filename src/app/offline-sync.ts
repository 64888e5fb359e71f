import { loadBookmarkStore } from '../features/bookmarks/use-bookmarks';
import { createOfflineCopies } from '../features/offline/offline-copies';
import { registerServiceWorker } from '../features/offline/service-worker-registration';

/**
 * Offline reading, started once the app is interactive: registers the service worker and keeps
 * an offline copy of every saved story. The app wires the two features together, so neither
 * imports the other. Loaded on demand, after hydration.
 */
export async function startOfflineSync(): Promise<void> {
  const copies = createOfflineCopies({ workerReady: registerServiceWorker() });
  const store = await loadBookmarkStore();
  const sync = () => void copies.reconcile(store.getSnapshot().items);
  store.subscribe(sync);
  // Stories saved while offline, or whose download failed, are fetched when the connection returns.
  window.addEventListener('online', sync);
  sync();
}
