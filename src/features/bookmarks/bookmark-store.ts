import * as v from 'valibot';
import { slugSchema } from '../../content/schema';
import {
  createSnapshotCell,
  openRecordStorage,
  parseExportFile,
  type RecordSnapshot,
  type StorageChoice,
  type StoragePersistence,
} from '../../lib/record-storage';

/*
 * Saved stories, kept in localStorage with one key a bookmark (`dispatch:bookmark:<slug>`), so
 * that a damaged record costs one story, never the list (lib/record-storage.ts: blocked, full or
 * damaged storage, other tabs).
 */

const EXPORT_FORMAT = 'dispatch-bookmarks';

export const bookmarkSchema = v.object({
  slug: slugSchema,
  title: v.pipe(v.string(), v.minLength(1, 'must not be empty')),
  savedAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
});

export type Bookmark = v.InferOutput<typeof bookmarkSchema>;

/** `unknown` only before hydration, when the browser's storage has not been read yet. */
export type BookmarkPersistence = StoragePersistence;

/** The items newest first. */
export type BookmarkSnapshot = RecordSnapshot<Bookmark>;

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

export interface BookmarkStoreOptions extends StorageChoice {
  now?: () => Date;
}

export { ImportError } from '../../lib/record-storage';

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

function parseExport(text: string): Bookmark[] {
  return parseExportFile(text, exportSchema, {
    notAnExport: NOT_AN_EXPORT,
    damagedEntry: (list, index, field) =>
      list === 'bookmarks'
        ? `Saved story ${index + 1} in this file is damaged: ${
            (field !== undefined && fieldProblems[field]) || 'it is not a saved story'
          }.`
        : undefined,
  }).bookmarks;
}

function newestFirst(a: Bookmark, b: Bookmark): number {
  // Ties fall back to the slug so that the order survives an export and import.
  return Date.parse(b.savedAt) - Date.parse(a.savedAt) || (a.slug < b.slug ? -1 : 1);
}

function isNewer(candidate: Bookmark, current: Bookmark): boolean {
  return Date.parse(candidate.savedAt) > Date.parse(current.savedAt);
}

/** A record is valid only if it parses and names the slug its key does. */
function parseRecord(slugFromKey: string, value: unknown): Bookmark | null {
  const result = v.safeParse(bookmarkSchema, value);
  return result.success && result.output.slug === slugFromKey ? result.output : null;
}

function serialise(bookmark: Bookmark): string {
  const { slug, title, savedAt } = bookmark;
  return JSON.stringify({ slug, title, savedAt });
}

function sameBookmark(previous: Bookmark, next: Bookmark): boolean {
  return (
    previous.slug === next.slug &&
    previous.title === next.title &&
    previous.savedAt === next.savedAt
  );
}

export function createBookmarkStore(options: BookmarkStoreOptions = {}): BookmarkStore {
  const now = options.now ?? (() => new Date());
  const storage = openRecordStorage({
    ...options,
    name: 'dispatch:bookmark',
    parse: parseRecord,
    serialise,
    onOtherTabChange(stored) {
      if (stored) ({ records: items, corrupt } = stored);
      publish();
    },
  });
  let { records: items, corrupt } = storage.initial;

  const snapshot = createSnapshotCell(
    () => ({
      items: [...items.values()].sort(newestFirst).map((b) => Object.freeze(b)),
      persistence: storage.persistence,
      corrupt,
    }),
    sameBookmark,
  );
  const publish = snapshot.publish;

  function put(bookmark: Bookmark): void {
    items.set(bookmark.slug, bookmark);
    storage.write(bookmark.slug, bookmark);
  }

  return {
    getSnapshot: snapshot.get,
    subscribe: snapshot.subscribe,
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
      storage.remove(slug);
      publish();
    },
    async restore(bookmark) {
      if (items.has(bookmark.slug)) return;
      put(v.parse(bookmarkSchema, bookmark));
      publish();
    },
    async clear() {
      for (const slug of items.keys()) storage.remove(slug);
      items.clear();
      publish();
    },
    exportJson: () =>
      JSON.stringify(
        { format: EXPORT_FORMAT, version: 1, bookmarks: snapshot.get().items },
        null,
        2,
      ),
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
      storage.dispose();
      snapshot.clear();
    },
  };
}

let appStore: BookmarkStore | undefined;

/** The app's store, created on first use in the browser (never during a server render). */
export function getBookmarkStore(): BookmarkStore {
  appStore ??= createBookmarkStore();
  return appStore;
}
