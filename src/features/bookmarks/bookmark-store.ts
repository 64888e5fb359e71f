import * as v from 'valibot';
import { slugSchema } from '../../content/schema';

/*
 * Saved stories, kept in localStorage (no library bytes, synchronous first read) with one key a
 * bookmark, so that a damaged record costs one story, never the list.
 */

const KEY_PREFIX = 'dispatch:bookmark:';
const CORRUPT_PREFIX = 'dispatch:bookmark-corrupt:';
/** Both prefixes start with this; storage events for other keys are none of our business. */
const WATCHED_PREFIX = 'dispatch:bookmark';
const PROBE_KEY = 'dispatch:storage-probe';
const EXPORT_FORMAT = 'dispatch-bookmarks';

export const bookmarkSchema = v.object({
  slug: slugSchema,
  title: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  savedAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
});

export type Bookmark = v.InferOutput<typeof bookmarkSchema>;

/** `unknown` only before hydration, when the browser's storage has not been read yet. */
export type BookmarkPersistence = 'persistent' | 'session-only' | 'unknown';

export interface BookmarkSnapshot {
  /** Newest first. */
  readonly items: readonly Bookmark[];
  readonly persistence: BookmarkPersistence;
  /** Records that could not be read and were set aside (kept, not deleted). */
  readonly corrupt: number;
}

export interface BookmarkStore {
  getSnapshot(): BookmarkSnapshot;
  subscribe(listener: () => void): () => void;
  isSaved(slug: string): boolean;
  /** Rejects only for a malformed slug or an empty title (a caller's bug), never for storage. */
  save(story: { slug: string; title: string }): Promise<void>;
  remove(slug: string): Promise<void>;
  /** Puts back a removed bookmark with its original `savedAt`, so it returns to its place. */
  restore(bookmark: Bookmark): Promise<void>;
  clear(): Promise<void>;
  exportJson(): string;
  /** Throws an `ImportError`, and changes nothing, unless the whole file is valid. */
  importJson(text: string): Promise<{ added: number; updated: number }>;
  dispose(): void;
}

export interface BookmarkStoreOptions {
  /** Defaults to `window.localStorage`; `null` means no storage (memory only). */
  storage?: Storage | null;
  now?: () => Date;
  /** Called once, when a bookmark first reaches storage. Default: `navigator.storage.persist()`. */
  onPersistRequest?: () => void;
}

/** A file that cannot be imported; `message` is written for the reader. */
export class ImportError extends Error {
  override name = 'ImportError';
}

const exportSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(1),
  bookmarks: v.array(bookmarkSchema),
});

const NOT_AN_EXPORT = 'This file is not a Dispatch saved-stories export.';

const fieldProblems: Record<string, string> = {
  slug: 'its link is missing or not valid',
  title: 'its title is missing',
  savedAt: 'its date saved is missing or not valid',
};

function importProblem(issue: v.BaseIssue<unknown>, input: unknown): string {
  const [top, entry, field] = issue.path ?? [];
  if (top?.key === 'version') {
    const version = (input as { version?: unknown }).version;
    return typeof version === 'number' && version > 1
      ? 'This file was exported by a newer version of Dispatch and cannot be imported here.'
      : NOT_AN_EXPORT;
  }
  if (top?.key === 'bookmarks' && typeof entry?.key === 'number') {
    const problem =
      (typeof field?.key === 'string' && fieldProblems[field.key]) || 'it is not a saved story';
    return `Saved story ${entry.key + 1} in this file is damaged: ${problem}.`;
  }
  return NOT_AN_EXPORT;
}

function parseExport(text: string): Bookmark[] {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new ImportError(NOT_AN_EXPORT);
  }
  const result = v.safeParse(exportSchema, input, { abortEarly: true });
  if (!result.success) throw new ImportError(importProblem(result.issues[0], input));
  return result.output.bookmarks;
}

function newestFirst(a: Bookmark, b: Bookmark): number {
  // Ties fall back to the slug so that the order survives an export and import.
  return Date.parse(b.savedAt) - Date.parse(a.savedAt) || (a.slug < b.slug ? -1 : 1);
}

function isNewer(candidate: Bookmark, current: Bookmark): boolean {
  return Date.parse(candidate.savedAt) > Date.parse(current.savedAt);
}

/** A record is valid only if it parses and names the slug its key does. */
function parseRecord(slugFromKey: string, raw: string): Bookmark | null {
  try {
    const result = v.safeParse(bookmarkSchema, JSON.parse(raw));
    return result.success && result.output.slug === slugFromKey ? result.output : null;
  } catch {
    return null;
  }
}

function serialise(bookmark: Bookmark): string {
  const { slug, title, savedAt } = bookmark;
  return JSON.stringify({ slug, title, savedAt });
}

/** Copies a damaged record to a key of its own, then removes the original. Never overwrites. */
function setAside(area: Storage, key: string, raw: string): void {
  const base = CORRUPT_PREFIX + key.slice(KEY_PREFIX.length);
  let target = base;
  for (let n = 2; area.getItem(target) !== null && area.getItem(target) !== raw; n += 1) {
    target = `${base}:${n}`;
  }
  try {
    area.setItem(target, raw);
    area.removeItem(key);
  } catch {
    // Unwritable storage: the record stays where it is, still counted, still not lost.
  }
}

function readAll(area: Storage): { items: Map<string, Bookmark>; corrupt: number } {
  const keys: string[] = [];
  for (let index = 0; index < area.length; index += 1) {
    const key = area.key(index);
    if (key !== null) keys.push(key);
  }
  const items = new Map<string, Bookmark>();
  let corrupt = 0;
  for (const key of keys) {
    if (key.startsWith(CORRUPT_PREFIX)) {
      corrupt += 1;
    } else if (key.startsWith(KEY_PREFIX)) {
      const raw = area.getItem(key);
      if (raw === null) continue;
      const bookmark = parseRecord(key.slice(KEY_PREFIX.length), raw);
      if (bookmark) {
        items.set(bookmark.slug, bookmark);
      } else {
        corrupt += 1;
        setAside(area, key, raw);
      }
    }
  }
  return { items, corrupt };
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
  // Best effort: without it the browser may evict the list under storage pressure.
  navigator.storage?.persist?.().catch(() => {});
}

export function createBookmarkStore(options: BookmarkStoreOptions = {}): BookmarkStore {
  const now = options.now ?? (() => new Date());
  const onPersistRequest = options.onPersistRequest ?? requestPersistentStorage;
  let area = options.storage === undefined ? defaultStorage() : options.storage;
  let items = new Map<string, Bookmark>();
  let corrupt = 0;
  let persistRequested = false;
  const listeners = new Set<() => void>();

  if (area) {
    try {
      ({ items, corrupt } = readAll(area));
      // Some browsers (old Safari private mode, a full quota) read fine but refuse writes.
      area.setItem(PROBE_KEY, '1');
      area.removeItem(PROBE_KEY);
    } catch {
      area = null;
    }
  }

  let snapshot = buildSnapshot();

  function buildSnapshot(): BookmarkSnapshot {
    return Object.freeze({
      items: Object.freeze([...items.values()].sort(newestFirst).map((b) => Object.freeze(b))),
      persistence: area ? 'persistent' : 'session-only',
      corrupt,
    });
  }

  function publish(): void {
    const next = buildSnapshot();
    const same =
      next.persistence === snapshot.persistence &&
      next.corrupt === snapshot.corrupt &&
      next.items.length === snapshot.items.length &&
      next.items.every((item, index) => {
        const previous = snapshot.items[index];
        return (
          previous?.slug === item.slug &&
          previous.title === item.title &&
          previous.savedAt === item.savedAt
        );
      });
    if (same) return;
    snapshot = next;
    for (const listener of [...listeners]) listener();
  }

  /** Falls back to memory for the rest of the session; what is loaded stays loaded. */
  function sessionOnly(): void {
    area = null;
    stopListening();
  }

  /** Returns true when the write reached storage. */
  function write(slug: string, bookmark: Bookmark | null): boolean {
    if (!area) return false;
    try {
      if (bookmark) area.setItem(KEY_PREFIX + slug, serialise(bookmark));
      else area.removeItem(KEY_PREFIX + slug);
      return true;
    } catch {
      sessionOnly();
      return false;
    }
  }

  function put(bookmark: Bookmark): void {
    items.set(bookmark.slug, bookmark);
    if (write(bookmark.slug, bookmark) && !persistRequested) {
      persistRequested = true;
      try {
        onPersistRequest();
      } catch {
        // Best effort only.
      }
    }
  }

  function onStorage(event: StorageEvent): void {
    if (!area || (event.storageArea && event.storageArea !== area)) return;
    // A null key means another tab cleared the whole storage.
    if (event.key !== null && !event.key.startsWith(WATCHED_PREFIX)) return;
    try {
      ({ items, corrupt } = readAll(area));
    } catch {
      sessionOnly();
    }
    publish();
  }

  function stopListening(): void {
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  }

  if (area && typeof window !== 'undefined') window.addEventListener('storage', onStorage);

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    isSaved: (slug) => items.has(slug),
    async save({ slug, title }) {
      const existing = items.get(slug);
      if (existing?.title === title) return;
      // Saving again keeps the original date, so the story keeps its place.
      put(
        v.parse(bookmarkSchema, { slug, title, savedAt: existing?.savedAt ?? now().toISOString() }),
      );
      publish();
    },
    async remove(slug) {
      if (!items.delete(slug)) return;
      write(slug, null);
      publish();
    },
    async restore(bookmark) {
      if (items.has(bookmark.slug)) return;
      put(v.parse(bookmarkSchema, bookmark));
      publish();
    },
    async clear() {
      for (const slug of items.keys()) write(slug, null);
      items.clear();
      publish();
    },
    exportJson: () =>
      JSON.stringify({ format: EXPORT_FORMAT, version: 1, bookmarks: snapshot.items }, null, 2),
    async importJson(text) {
      const incoming = new Map<string, Bookmark>();
      for (const bookmark of parseExport(text)) {
        const seen = incoming.get(bookmark.slug);
        if (!seen || isNewer(bookmark, seen)) incoming.set(bookmark.slug, bookmark);
      }
      let added = 0;
      let updated = 0;
      for (const bookmark of incoming.values()) {
        const existing = items.get(bookmark.slug);
        if (!existing) added += 1;
        else if (isNewer(bookmark, existing)) updated += 1;
        else continue;
        put(bookmark);
      }
      publish();
      return { added, updated };
    },
    dispose() {
      stopListening();
      listeners.clear();
    },
  };
}

let appStore: BookmarkStore | undefined;

/** The app's store, created on first use in the browser (never during a server render). */
export function getBookmarkStore(): BookmarkStore {
  appStore ??= createBookmarkStore();
  return appStore;
}
