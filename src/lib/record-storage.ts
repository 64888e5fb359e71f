import * as v from 'valibot';

/*
 * What the reader's own records (bookmarks, highlights) share: kept in localStorage (no library
 * bytes, synchronous first read) with one key a record, so that a damaged record costs one
 * record, never the list; memory as the record for the rest of the session when storage is
 * blocked, full or throws; other tabs' changes picked up; snapshots published only on change;
 * export files read whole or refused with a message for the reader. The stores decide what a
 * record is, how it sorts and how an import merges.
 */

const PROBE_KEY = 'dispatch:storage-probe';

/** `unknown` only before hydration, when the browser's storage has not been read yet. */
export type StoragePersistence = 'persistent' | 'session-only' | 'unknown';

/** What storage holds: records by id (the rest of their key), and how many were set aside. */
export interface StoredRecords<T> {
  readonly records: Map<string, T>;
  /** Records that could not be read and were set aside (kept, not deleted). */
  readonly corrupt: number;
}

/** Where a store keeps its records; what a store's own options take from it. */
export interface StorageChoice {
  /** Defaults to `window.localStorage`; `null` means no storage (memory only). */
  storage?: Storage | null;
  /** Called once, when a record first reaches storage. Default: `navigator.storage.persist()`. */
  onPersistRequest?: () => void;
}

export interface RecordStorageOptions<T> extends StorageChoice {
  /**
   * `dispatch:bookmark` keeps its records at `dispatch:bookmark:<id>` and sets damaged ones
   * aside at `dispatch:bookmark-corrupt:<id>`.
   */
  name: string;
  /**
   * The record stored under `id`, from its JSON, or null when it is damaged (it is then set
   * aside, as is a record that is not JSON at all).
   */
  parse(id: string, value: unknown): T | null;
  serialise(record: T): string;
  /**
   * Another tab changed these records or cleared the storage: what is stored now, or null when
   * storage could no longer be read (it is then session-only, and memory stays the record).
   */
  onOtherTabChange?: (stored: StoredRecords<T> | null) => void;
}

export interface RecordStorage<T> {
  /** What storage held when opened; empty when it could not be read. */
  readonly initial: StoredRecords<T>;
  /** `session-only` from the first failure on: memory is then the record until the page closes. */
  readonly persistence: 'persistent' | 'session-only';
  /** Returns true when the record reached storage. Never throws. */
  write(id: string, record: T): boolean;
  /** Returns true when the record left storage. Never throws. */
  remove(id: string): boolean;
  dispose(): void;
}

/** Blocked storage (cookies off, sandboxed frames) throws on access rather than being absent. */
function defaultStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

function requestPersistentStorage(): void {
  // Best effort: without it the browser may evict the records under storage pressure.
  navigator.storage?.persist?.().catch(() => {});
}

export function openRecordStorage<T>(options: RecordStorageOptions<T>): RecordStorage<T> {
  const keyPrefix = `${options.name}:`;
  const corruptPrefix = `${options.name}-corrupt:`;
  const onPersistRequest = options.onPersistRequest ?? requestPersistentStorage;
  let area = options.storage === undefined ? defaultStorage() : options.storage;
  let persistRequested = false;
  let initial: StoredRecords<T> = { records: new Map(), corrupt: 0 };

  /** Copies a damaged record to a key of its own, then removes the original. Never overwrites. */
  function setAside(storage: Storage, key: string, raw: string): void {
    const base = corruptPrefix + key.slice(keyPrefix.length);
    let target = base;
    for (let n = 2; storage.getItem(target) !== null && storage.getItem(target) !== raw; n += 1) {
      target = `${base}:${n}`;
    }
    try {
      storage.setItem(target, raw);
      storage.removeItem(key);
    } catch {
      // Unwritable storage: the record stays where it is, still counted, still not lost.
    }
  }

  function parseRaw(id: string, raw: string): T | null {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
    return options.parse(id, value);
  }

  /** Throws when storage cannot be read. */
  function readAll(storage: Storage): StoredRecords<T> {
    const keys: string[] = [];
    for (let index = 0; index < storage.length; index += 1) {
      const key = storage.key(index);
      if (key !== null) keys.push(key);
    }
    const records = new Map<string, T>();
    let corrupt = 0;
    for (const key of keys) {
      if (key.startsWith(corruptPrefix)) {
        corrupt += 1;
      } else if (key.startsWith(keyPrefix)) {
        const raw = storage.getItem(key);
        if (raw === null) continue;
        const id = key.slice(keyPrefix.length);
        const record = parseRaw(id, raw);
        if (record === null) {
          corrupt += 1;
          setAside(storage, key, raw);
        } else {
          records.set(id, record);
        }
      }
    }
    return { records, corrupt };
  }

  /** Falls back to memory for the rest of the session; what is loaded stays loaded. */
  function sessionOnly(): void {
    area = null;
    stopListening();
  }

  function onStorage(event: StorageEvent): void {
    if (!area || (event.storageArea && event.storageArea !== area)) return;
    // A null key means another tab cleared the whole storage. Both prefixes start with the name;
    // events for other keys are none of our business.
    if (event.key !== null && !event.key.startsWith(options.name)) return;
    let stored: StoredRecords<T> | null = null;
    try {
      stored = readAll(area);
    } catch {
      sessionOnly();
    }
    options.onOtherTabChange?.(stored);
  }

  function stopListening(): void {
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  }

  if (area) {
    try {
      initial = readAll(area);
      // Some browsers (old Safari private mode, a full quota) read fine but refuse writes.
      area.setItem(PROBE_KEY, '1');
      area.removeItem(PROBE_KEY);
    } catch {
      area = null;
    }
  }
  if (area && typeof window !== 'undefined') window.addEventListener('storage', onStorage);

  return {
    initial,
    get persistence() {
      return area ? 'persistent' : 'session-only';
    },
    write(id, record) {
      if (!area) return false;
      try {
        area.setItem(keyPrefix + id, options.serialise(record));
      } catch {
        sessionOnly();
        return false;
      }
      if (!persistRequested) {
        persistRequested = true;
        try {
          onPersistRequest();
        } catch {
          // Best effort only.
        }
      }
      return true;
    },
    remove(id) {
      if (!area) return false;
      try {
        area.removeItem(keyPrefix + id);
        return true;
      } catch {
        sessionOnly();
        return false;
      }
    },
    dispose: stopListening,
  };
}

/** What a store publishes: a frozen list, and the state of the storage under it. */
export interface RecordSnapshot<T> {
  readonly items: readonly T[];
  readonly persistence: StoragePersistence;
  /** Records that could not be read and were set aside (kept, not deleted). */
  readonly corrupt: number;
}

/**
 * A store's current snapshot and its subscribers, for `useSyncExternalStore`. `publish` builds
 * the snapshot again, and subscribers hear of it only when it differs (by `sameItem`, item by
 * item), so that an unchanged store keeps the very same snapshot and React renders nothing.
 */
export function createSnapshotCell<T>(
  build: () => RecordSnapshot<T>,
  sameItem: (previous: T, next: T) => boolean,
) {
  const freeze = (snapshot: RecordSnapshot<T>): RecordSnapshot<T> =>
    Object.freeze({ ...snapshot, items: Object.freeze(snapshot.items) });
  let current = freeze(build());
  const listeners = new Set<() => void>();
  return {
    get: (): RecordSnapshot<T> => current,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    publish(): void {
      const next = build();
      const same =
        next.persistence === current.persistence &&
        next.corrupt === current.corrupt &&
        next.items.length === current.items.length &&
        next.items.every((item, index) => sameItem(current.items[index]!, item));
      if (same) return;
      current = freeze(next);
      for (const listener of [...listeners]) listener();
    },
    clear(): void {
      listeners.clear();
    },
  };
}

/** A file that cannot be imported; `message` is written for the reader. */
export class ImportError extends Error {
  override name = 'ImportError';
}

export interface ExportFileOptions {
  /** The message for anything that is not this kind of export at all. */
  notAnExport: string;
  /**
   * The message for a damaged entry: entry `index` (from 0) of the file's list `list`, its first
   * bad field `field` (undefined when the entry itself is wrong). Undefined: not an export.
   */
  damagedEntry(list: string, index: number, field: string | undefined): string | undefined;
}

const NEWER_VERSION =
  'This file was exported by a newer version of Dispatch and cannot be imported here.';

/**
 * Reads an export file whole (JSON, valid against `schema`, which names its `version`) or throws
 * an `ImportError` naming the first problem, so that a bad file changes nothing.
 */
export function parseExportFile<TSchema extends v.GenericSchema>(
  text: string,
  schema: TSchema,
  messages: ExportFileOptions,
): v.InferOutput<TSchema> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new ImportError(messages.notAnExport);
  }
  const result = v.safeParse(schema, input, { abortEarly: true });
  if (result.success) return result.output;
  const [top, entry, field] = result.issues[0].path ?? [];
  if (top?.key === 'version') {
    const version = (input as { version?: unknown }).version;
    throw new ImportError(
      typeof version === 'number' && version > 1 ? NEWER_VERSION : messages.notAnExport,
    );
  }
  const damaged =
    typeof top?.key === 'string' && typeof entry?.key === 'number'
      ? messages.damagedEntry(
          top.key,
          entry.key,
          typeof field?.key === 'string' ? field.key : undefined,
        )
      : undefined;
  throw new ImportError(damaged ?? messages.notAnExport);
}
