import { useSyncExternalStore } from 'react';

/**
 * The offline feature's state: whether a new version waits, and where each saved story's
 * offline copy stands. Loaded after hydration, with the service worker's registration and the
 * copies, which write here.
 */

/** Where one saved story's offline copy stands. */
export type OfflineCopyStatus =
  | 'checking'
  | 'saving'
  | 'available'
  /** Saved while offline: it is downloaded when the connection returns. */
  | 'waiting'
  /** This browser has no service workers, so nothing can open offline. */
  | 'unsupported'
  /** The browser refused storage (private mode, site data blocked). */
  | 'refused'
  /** The storage quota is full. */
  | 'quota'
  /** The download failed; it is tried again on the next visit or reconnection. */
  | 'failed';

export interface OfflineCopy {
  slug: string;
  title: string;
  status: OfflineCopyStatus;
}

function createStore<T>(initial: T) {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(next: T) {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

/** Saved stories' offline copies, in the saved list's order; null until they are first checked. */
export const offlineCopies = createStore<readonly OfflineCopy[] | null>(null);

/** Set when a new version is installed and waiting; calling it reloads into that version. */
export const pendingUpdate = createStore<(() => void) | null>(null);

export function useOfflineCopies(): readonly OfflineCopy[] | null {
  return useSyncExternalStore(offlineCopies.subscribe, offlineCopies.get, () => null);
}

export function usePendingUpdate(): (() => void) | null {
  return useSyncExternalStore(pendingUpdate.subscribe, pendingUpdate.get, () => null);
}
