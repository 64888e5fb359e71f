import { useSyncExternalStore } from 'react';

/**
 * When the reader last opened each story in this browser, so that a story updated since can say
 * so. One localStorage key for all of them, the most recent kept; a damaged record reads as
 * none, and storage that is blocked or full forgets, never breaks the page.
 */
const KEY = 'dispatch:opened';
/** Stories remembered: the most recently opened. */
const KEEP = 300;

type Opened = Readonly<Record<string, string>>;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(): Opened {
  try {
    const value: unknown = JSON.parse(storage()?.getItem(KEY) ?? '{}');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter(
        (entry): entry is [string, string] =>
          typeof entry[1] === 'string' && !Number.isNaN(Date.parse(entry[1])),
      ),
    );
  } catch {
    return {};
  }
}

const listeners = new Set<() => void>();
let snapshot: Opened | null = null;

function changed() {
  snapshot = null;
  for (const listener of [...listeners]) listener();
}

/** Notes that the reader opened `slug` now. */
export function markOpened(slug: string, now = new Date()): void {
  const kept = Object.entries({ ...read(), [slug]: now.toISOString() })
    .sort((a, b) => b[1].localeCompare(a[1]))
    .slice(0, KEEP);
  try {
    storage()?.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
  } catch {
    // Full or blocked: not remembered.
  }
  changed();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === null || event.key === KEY) changed();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

const NONE: Opened = {};

/** When the reader last opened each story, by slug; none before hydration. */
export function useLastOpened(): Opened {
  return useSyncExternalStore(
    subscribe,
    () => (snapshot ??= read()),
    () => NONE,
  );
}
