import * as v from 'valibot';
import type { TextQuote } from '../../content/text-quote';
import { isoTimestamp, slugSchema } from '../../content/schema';
import {
  createSnapshotCell,
  openRecordStorage,
  parseExportFile,
  type RecordSnapshot,
  type StorageChoice,
} from '../../lib/record-storage';

export { ImportError } from '../../lib/record-storage';

/*
 * The reader's highlights, kept in localStorage with one key a highlight
 * (`dispatch:highlight:<id>`), with the bookmarks' guarantees (lib/record-storage.ts: blocked,
 * full or damaged storage, other tabs). The record is made for a sync that may come later: ids
 * that never change, an `updatedAt` on every version, and a tombstone in place of a removed
 * highlight, so that "the newer version wins" settles every merge, removals included.
 */

const EXPORT_FORMAT = 'dispatch-highlights';
/** The longest note kept: a few pages of text, far more than a margin note needs. */
export const NOTE_MAX_LENGTH = 10_000;
/**
 * How long a removal is remembered. Older tombstones are purged whenever storage is read (on
 * load and on another tab's change) and skipped on import: a copy of the highlight older than
 * that (an old export file, a device offline for three months) may bring it back.
 */
const TOMBSTONE_DAYS = 90;
const DAY = 24 * 60 * 60 * 1000;

export const HIGHLIGHT_COLOURS = ['key', 'question', 'evidence', 'disagree'] as const;
export type HighlightColour = (typeof HIGHLIGHT_COLOURS)[number];

/** Each colour's name, which says what it means: the colour alone never does. */
export const HIGHLIGHT_LABELS: Readonly<Record<HighlightColour, string>> = Object.freeze({
  key: 'Key point',
  question: 'Question',
  evidence: 'Evidence',
  disagree: 'Disagree',
});

const nonEmpty = v.pipe(v.string(), v.minLength(1, 'must not be empty'));

export const textQuoteSchema = v.object({
  exact: nonEmpty,
  prefix: v.string(),
  suffix: v.string(),
  position: v.pipe(v.number(), v.integer(), v.minValue(0)),
  anchor: nonEmpty,
}) satisfies v.GenericSchema<TextQuote>;

export type { TextQuote };

/** `crypto.randomUUID()`s, or any id of the same letters a sync or an older version may give. */
const idSchema = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9-]{8,64}$/, 'must be 8 to 64 letters, digits or hyphens'),
);

/** A live highlight. */
export interface Highlight {
  /** Never changes: a sync, an import and Undo all find the highlight by it. */
  id: string;
  /** The story. */
  slug: string;
  /** The story's headline when the passage was marked, for lists and exports. */
  title: string;
  quote: TextQuote;
  colour: HighlightColour;
  /** `''` when there is none. */
  note: string;
  createdAt: string;
  /** Every change sets it, later than the version before: the newer version wins a merge. */
  updatedAt: string;
}

/** A removed highlight, kept (for `TOMBSTONE_DAYS`) so that a later sync can pass the removal on. */
export interface HighlightTombstone {
  id: string;
  slug: string;
  deletedAt: string;
  updatedAt: string;
}

export const highlightSchema = v.object({
  id: idSchema,
  slug: slugSchema,
  title: nonEmpty,
  quote: textQuoteSchema,
  colour: v.picklist(HIGHLIGHT_COLOURS),
  note: v.pipe(v.string(), v.maxLength(NOTE_MAX_LENGTH)),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
}) satisfies v.GenericSchema<Highlight>;

export const highlightTombstoneSchema = v.object({
  id: idSchema,
  slug: slugSchema,
  deletedAt: isoTimestamp,
  updatedAt: isoTimestamp,
}) satisfies v.GenericSchema<HighlightTombstone>;

type HighlightRecord = Highlight | HighlightTombstone;

/** Highlights first: a parsed record keeps only its schema's keys, so the two never mix. */
const recordSchema = v.union([highlightSchema, highlightTombstoneSchema]);

/** The items are the live highlights only, in `highlightOrder`. */
export type HighlightSnapshot = RecordSnapshot<Highlight>;

export interface NewHighlight {
  slug: string;
  title: string;
  quote: TextQuote;
  colour: HighlightColour;
  note?: string;
}

/**
 * The async methods never reject for storage problems (memory takes over, and the snapshot says
 * `session-only`); they reject only for a caller's bug, such as a malformed slug or quote.
 */
export interface HighlightStore {
  getSnapshot(): HighlightSnapshot;
  subscribe(listener: () => void): () => void;
  add(input: NewHighlight): Promise<Highlight>;
  /**
   * Colour and/or note; bumps `updatedAt`. Returns the previous version (for Undo), or undefined
   * when the id is unknown (or removed). A change to what it already is writes nothing.
   */
  update(
    id: string,
    changes: { colour?: HighlightColour; note?: string },
  ): Promise<Highlight | undefined>;
  /** Writes a tombstone; returns the removed highlight (for Undo), or undefined if unknown. */
  remove(id: string): Promise<Highlight | undefined>;
  /**
   * Puts a highlight back as it was (Undo of a removal or of an edit), with `updatedAt` now, so
   * that it wins over the tombstone or the edit it undoes.
   */
  restore(highlight: Highlight): Promise<void>;
  /** `{ format: 'dispatch-highlights', version: 1, exportedAt, highlights, deleted }`. */
  exportJson(): string;
  /**
   * Throws an `ImportError` (its message written for the reader, naming the first damaged
   * entry), and changes nothing, unless the whole file is valid. Merges by id: the newer
   * `updatedAt` wins, tombstones included, so importing the same file twice adds nothing.
   * `removed` counts live highlights the file's tombstones removed.
   */
  importJson(text: string): Promise<{ added: number; updated: number; removed: number }>;
  dispose(): void;
}

export interface HighlightStoreOptions extends StorageChoice {
  now?: () => Date;
  /** Default: `crypto.randomUUID()`. */
  newId?: () => string;
}

const exportSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(1),
  exportedAt: v.optional(isoTimestamp),
  highlights: v.array(highlightSchema),
  // A file written by hand, or by a tool that never removes, may leave the removals out.
  deleted: v.optional(v.array(highlightTombstoneSchema), []),
});

const NOT_AN_EXPORT = 'This file is not a Dispatch highlights export.';

const fieldProblems: Record<string, string> = {
  id: 'its id is missing or not valid',
  slug: 'its story’s link is missing or not valid',
  title: 'its headline is missing',
  quote: 'its passage is missing or not valid',
  colour: 'its colour is missing or not one Dispatch knows',
  note: `its note is not text, or longer than ${NOTE_MAX_LENGTH.toLocaleString('en')} characters`,
  createdAt: 'its date made is missing or not valid',
  updatedAt: 'its date changed is missing or not valid',
  deletedAt: 'its date removed is missing or not valid',
};

const entryNames: Record<string, string> = {
  highlights: 'Highlight',
  deleted: 'Removed highlight',
};

function parseExport(text: string): HighlightRecord[] {
  const file = parseExportFile(text, exportSchema, {
    notAnExport: NOT_AN_EXPORT,
    damagedEntry(list, index, field) {
      const name = entryNames[list];
      if (!name) return undefined;
      const problem = (field !== undefined && fieldProblems[field]) || 'it is not a highlight';
      return `${name} ${index + 1} in this file is damaged: ${problem}.`;
    },
  });
  return [...file.highlights, ...file.deleted];
}

function isTombstone(record: HighlightRecord): record is HighlightTombstone {
  return 'deletedAt' in record;
}

function isNewer(candidate: HighlightRecord, current: HighlightRecord): boolean {
  return Date.parse(candidate.updatedAt) > Date.parse(current.updatedAt);
}

/**
 * By story (slug), then in reading order (the position hint), then oldest first, then by id, so
 * that the order survives a round trip.
 */
export function highlightOrder(a: Highlight, b: Highlight): number {
  if (a.slug !== b.slug) return a.slug < b.slug ? -1 : 1;
  return (
    a.quote.position - b.quote.position ||
    Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** A record is valid only if it parses and names the id its key does. */
function parseRecord(idFromKey: string, value: unknown): HighlightRecord | null {
  const result = v.safeParse(recordSchema, value);
  return result.success && result.output.id === idFromKey ? result.output : null;
}

/** Parsed records keep only their schema's keys, in its order. */
const serialise = (record: HighlightRecord): string => JSON.stringify(record);

function sameHighlight(previous: Highlight, next: Highlight): boolean {
  return (
    previous.id === next.id &&
    previous.updatedAt === next.updatedAt &&
    previous.colour === next.colour &&
    previous.note === next.note
  );
}

/** Snapshots are frozen through and through: React may hold them for as long as it likes. */
function freeze(highlight: Highlight): Highlight {
  Object.freeze(highlight.quote);
  return Object.freeze(highlight);
}

export function createHighlightStore(options: HighlightStoreOptions = {}): HighlightStore {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const storage = openRecordStorage({
    ...options,
    name: 'dispatch:highlight',
    parse: parseRecord,
    serialise,
    onOtherTabChange(stored) {
      if (stored) {
        ({ records, corrupt } = stored);
        purgeExpired();
      }
      publish();
    },
  });
  let { records, corrupt } = storage.initial;
  purgeExpired();

  function isExpired(record: HighlightRecord): boolean {
    return (
      isTombstone(record) && Date.parse(record.updatedAt) < now().getTime() - TOMBSTONE_DAYS * DAY
    );
  }

  function purgeExpired(): void {
    for (const record of [...records.values()]) {
      if (isExpired(record)) {
        records.delete(record.id);
        storage.remove(record.id);
      }
    }
  }

  /**
   * A moment for a new version: now, or just after `after` (the version it replaces) when the
   * clock says otherwise, so that a newer version always has the later `updatedAt`.
   */
  function stamp(after?: string): string {
    const time = Math.max(now().getTime(), after === undefined ? 0 : Date.parse(after) + 1);
    return new Date(time).toISOString();
  }

  function live(id: string): Highlight | undefined {
    const record = records.get(id);
    return record && !isTombstone(record) ? record : undefined;
  }

  const snapshot = createSnapshotCell(
    () => ({
      items: [...records.values()]
        .filter((record): record is Highlight => !isTombstone(record))
        .map(freeze)
        .sort(highlightOrder),
      persistence: storage.persistence,
      corrupt,
    }),
    sameHighlight,
  );
  const publish = snapshot.publish;

  function put(record: HighlightRecord): void {
    records.set(record.id, record);
    storage.write(record.id, record);
  }

  return {
    getSnapshot: snapshot.get,
    subscribe: snapshot.subscribe,
    async add({ slug, title, quote, colour, note = '' }) {
      const id = newId();
      if (records.has(id)) throw new Error(`A highlight with the id ${id} exists already.`);
      const time = stamp();
      const highlight = v.parse(highlightSchema, {
        id,
        slug,
        title,
        quote,
        colour,
        note,
        createdAt: time,
        updatedAt: time,
      });
      put(highlight);
      publish();
      return highlight;
    },
    async update(id, changes) {
      const current = live(id);
      if (!current) return undefined;
      const colour = changes.colour ?? current.colour;
      const note = changes.note ?? current.note;
      if (colour === current.colour && note === current.note) return current;
      put(
        v.parse(highlightSchema, { ...current, colour, note, updatedAt: stamp(current.updatedAt) }),
      );
      publish();
      return current;
    },
    async remove(id) {
      const current = live(id);
      if (!current) return undefined;
      const time = stamp(current.updatedAt);
      put({ id, slug: current.slug, deletedAt: time, updatedAt: time });
      publish();
      return current;
    },
    async restore(highlight) {
      const restored = v.parse(highlightSchema, highlight);
      const current = records.get(restored.id);
      const after = current && isNewer(current, restored) ? current : restored;
      put({ ...restored, updatedAt: stamp(after.updatedAt) });
      publish();
    },
    exportJson() {
      const deleted = [...records.values()]
        .filter(isTombstone)
        .sort(
          (a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.id < b.id ? -1 : 1),
        );
      return JSON.stringify(
        {
          format: EXPORT_FORMAT,
          version: 1,
          exportedAt: now().toISOString(),
          highlights: snapshot.get().items,
          deleted,
        },
        null,
        2,
      );
    },
    async importJson(text) {
      // The newest version of each id in the file, then each against the one kept here.
      const incoming = new Map<string, HighlightRecord>();
      for (const record of parseExport(text)) {
        const seen = incoming.get(record.id);
        if (!seen || isNewer(record, seen)) incoming.set(record.id, record);
      }
      let added = 0;
      let updated = 0;
      let removed = 0;
      for (const record of incoming.values()) {
        const existing = records.get(record.id);
        if (existing && !isNewer(record, existing)) continue;
        const wasLive = existing !== undefined && !isTombstone(existing);
        if (!isTombstone(record)) {
          if (wasLive) updated += 1;
          else added += 1;
          put(record);
        } else if (isExpired(record)) {
          // Too old to keep; still, it is newer than the highlight it removes.
          if (wasLive) {
            removed += 1;
            records.delete(record.id);
            storage.remove(record.id);
          }
        } else {
          if (wasLive) removed += 1;
          put(record);
        }
      }
      publish();
      return { added, updated, removed };
    },
    dispose() {
      storage.dispose();
      snapshot.clear();
    },
  };
}

let appStore: HighlightStore | undefined;

/** The app's store, created on first use in the browser (never during a server render). */
export function getHighlightStore(): HighlightStore {
  appStore ??= createHighlightStore();
  return appStore;
}
