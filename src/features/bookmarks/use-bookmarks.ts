import { createContext, useContext, useSyncExternalStore } from 'react';
import { afterHydration } from '../../lib/scheduling';
import type { BookmarkSnapshot, BookmarkStore } from './bookmark-store';

/**
 * What the prerendered HTML and the first (hydrating) client render show: storage cannot be read
 * on the server, so both say "not known yet" and match; the real list shows right after.
 */
const serverSnapshot: BookmarkSnapshot = Object.freeze({
  items: Object.freeze([]),
  persistence: 'unknown',
  corrupt: 0,
});

const getServerSnapshot = () => serverSnapshot;

/**
 * The app's store, loaded after hydration in its own chunk: bookmarks are not needed to read the
 * page, and first-load JS is budgeted. Until it arrives the snapshot is the "unknown" one (the
 * buttons stay disabled, at the same size); a server render never loads it.
 */
let loaded: BookmarkStore | undefined;
let loading: Promise<BookmarkStore> | undefined;

/** The app's store, loaded on first use (after hydration). */
export function loadBookmarkStore(): Promise<BookmarkStore> {
  loading ??= import('./bookmark-store').then(({ getBookmarkStore }) => {
    loaded = getBookmarkStore();
    return loaded;
  });
  return loading;
}

const appStore: BookmarkStore = {
  getSnapshot: () => loaded?.getSnapshot() ?? serverSnapshot,
  subscribe: (listener) => {
    let unsubscribe: (() => void) | undefined;
    let active = true;
    // Loaded once the page is idle, unless a save or a removal needs it first.
    const cancelLoad = afterHydration(async () => {
      const store = await loadBookmarkStore();
      if (!active) return;
      unsubscribe = store.subscribe(listener);
      listener();
    });
    return () => {
      active = false;
      cancelLoad();
      unsubscribe?.();
    };
  },
  isSaved: (slug) => loaded?.isSaved(slug) ?? false,
  save: async (story) => (await loadBookmarkStore()).save(story),
  remove: async (slug) => (await loadBookmarkStore()).remove(slug),
  restore: async (bookmark) => (await loadBookmarkStore()).restore(bookmark),
  clear: async () => (await loadBookmarkStore()).clear(),
  exportJson: () => loaded?.exportJson() ?? '',
  importJson: async (text) => (await loadBookmarkStore()).importJson(text),
  dispose: () => loaded?.dispose(),
};

/** Lets tests (or a future embed) supply their own store; the app uses the default. */
export const BookmarkStoreContext = createContext<BookmarkStore>(appStore);

/** The store, for event handlers. Read state with `useBookmarks`, not from this. */
export function useBookmarkStore(): BookmarkStore {
  return useContext(BookmarkStoreContext);
}

export function useBookmarks(): BookmarkSnapshot {
  const store = useContext(BookmarkStoreContext);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, getServerSnapshot);
}

/** False until hydration, as well as when the story is not saved. */
export function useIsSaved(slug: string): boolean {
  return useBookmarks().items.some((bookmark) => bookmark.slug === slug);
}
