import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createHighlightStore,
  ImportError,
  type Highlight,
  type HighlightStore,
  type HighlightStoreOptions,
  type NewHighlight,
  type TextQuote,
} from '../../../src/features/highlights/highlight-store';
import { MemoryStorage } from '../bookmarks/memory-storage';

const stores: HighlightStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
  vi.restoreAllMocks();
});

/** A clock that moves one minute a reading, so every change is newer than the last. */
function minuteClock(start = '2026-11-27T09:00:00.000Z') {
  let next = Date.parse(start);
  return () => {
    const date = new Date(next);
    next += 60_000;
    return date;
  };
}

/** Ids in order: `id-00000001`, `id-00000002`… */
function counter(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(8, '0')}`;
}

function makeStore(options: HighlightStoreOptions = {}) {
  const storage = options.storage === undefined ? new MemoryStorage() : options.storage;
  const store = createHighlightStore({
    now: minuteClock(),
    newId: counter(),
    onPersistRequest: () => {},
    ...options,
    storage,
  });
  stores.push(store);
  return store;
}

function quote(exact: string, position = 0, anchor = 'p-1'): TextQuote {
  return { exact, prefix: 'before ', suffix: ' after', position, anchor };
}

function passage(overrides: Partial<NewHighlight> = {}): NewHighlight {
  return {
    slug: 'a-story',
    title: 'A story',
    quote: quote('the passage'),
    colour: 'key',
    ...overrides,
  };
}

const ids = (store: HighlightStore) => store.getSnapshot().items.map((item) => item.id);

const stored = (storage: MemoryStorage, id: string): unknown =>
  JSON.parse(storage.getItem(`dispatch:highlight:${id}`) ?? 'null');

describe('highlight store', () => {
  it('adds a highlight, stores it under its id and lists it', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    const highlight = await store.add(passage({ note: 'Worth a second look.' }));

    const expected: Highlight = {
      id: 'id-00000001',
      slug: 'a-story',
      title: 'A story',
      quote: quote('the passage'),
      colour: 'key',
      note: 'Worth a second look.',
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:00:00.000Z',
    };
    expect(highlight).toEqual(expected);
    expect(store.getSnapshot()).toEqual({
      items: [expected],
      persistence: 'persistent',
      corrupt: 0,
    });
    expect(stored(storage, 'id-00000001')).toEqual(expected);
    expect(Object.isFrozen(store.getSnapshot().items[0]!.quote)).toBe(true);
  });

  it('gives each highlight a UUID by default, and an empty note', async () => {
    const store = makeStore({ newId: undefined });
    const highlight = await store.add(passage());
    expect(highlight.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(highlight.note).toBe('');
  });

  it('rejects a caller’s bug, and stores nothing', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    await expect(store.add(passage({ slug: 'Not A Slug' }))).rejects.toThrow();
    await expect(store.add(passage({ quote: quote('') }))).rejects.toThrow();
    await expect(store.add(passage({ quote: quote('x', -1) }))).rejects.toThrow();
    await expect(store.add(passage({ note: 'n'.repeat(10_001) }))).rejects.toThrow();
    expect(store.getSnapshot().items).toEqual([]);
    expect(storage.entries()).toEqual({});
  });

  it('updates colour and note, bumps updatedAt and returns the previous version', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    const first = await store.add(passage()); // 09:00

    const previous = await store.update(first.id, { colour: 'question' }); // 09:01
    expect(previous).toEqual(first);
    const previousAgain = await store.update(first.id, { note: 'Why?' }); // 09:02
    expect(previousAgain).toMatchObject({ colour: 'question', note: '' });

    const now = store.getSnapshot().items[0];
    expect(now).toMatchObject({
      colour: 'question',
      note: 'Why?',
      createdAt: '2026-11-27T09:00:00.000Z',
      updatedAt: '2026-11-27T09:02:00.000Z',
    });
    expect(stored(storage, first.id)).toEqual(now);
  });

  it('changes nothing for an unknown id or a change to what is already there', async () => {
    const store = makeStore();
    const highlight = await store.add(passage({ note: 'Same' }));
    const before = store.getSnapshot();
    await expect(store.update('id-unknown-1', { colour: 'evidence' })).resolves.toBeUndefined();
    await expect(store.update(highlight.id, { note: 'Same' })).resolves.toEqual(highlight);
    await expect(store.update(highlight.id, {})).resolves.toEqual(highlight);
    expect(store.getSnapshot()).toBe(before);
    await expect(store.update(highlight.id, { note: 'x'.repeat(10_001) })).rejects.toThrow();
    expect(store.getSnapshot()).toBe(before);
  });

  it('removes a highlight by writing a tombstone, and returns it for Undo', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    const kept = await store.add(passage({ quote: quote('kept', 10) })); // 09:00
    const gone = await store.add(passage({ quote: quote('gone', 20) })); // 09:01

    await expect(store.remove(gone.id)).resolves.toEqual(gone); // 09:02
    expect(ids(store)).toEqual([kept.id]);
    expect(stored(storage, gone.id)).toEqual({
      id: gone.id,
      slug: 'a-story',
      deletedAt: '2026-11-27T09:02:00.000Z',
      updatedAt: '2026-11-27T09:02:00.000Z',
    });
    await expect(store.remove(gone.id)).resolves.toBeUndefined();
    await expect(store.update(gone.id, { colour: 'evidence' })).resolves.toBeUndefined();
    // A reload sees the same: the tombstone is not a highlight.
    expect(ids(makeStore({ storage }))).toEqual([kept.id]);
  });

  it('restores a removed highlight as it was, newer than its tombstone', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    const highlight = await store.add(passage({ note: 'A note' })); // 09:00
    const removed = (await store.remove(highlight.id))!; // 09:01

    await store.restore(removed); // 09:02
    const back = { ...highlight, updatedAt: '2026-11-27T09:02:00.000Z' };
    expect(store.getSnapshot().items).toEqual([back]);
    expect(stored(storage, highlight.id)).toEqual(back);
    expect(makeStore({ storage }).getSnapshot().items).toEqual([back]);
  });

  it('undoes an edit with restore', async () => {
    const store = makeStore();
    const highlight = await store.add(passage()); // 09:00
    const previous = (await store.update(highlight.id, { colour: 'disagree', note: 'No.' }))!;
    await store.restore(previous); // 09:02
    expect(store.getSnapshot().items).toEqual([
      { ...highlight, updatedAt: '2026-11-27T09:02:00.000Z' },
    ]);
  });

  it('keeps every new version later than the one before, even when the clock is not', async () => {
    const store = makeStore({ now: () => new Date('2026-11-27T09:00:00.000Z') });
    const highlight = await store.add(passage());
    await store.update(highlight.id, { colour: 'question' });
    const removed = (await store.remove(highlight.id))!;
    await store.restore(removed);
    expect(store.getSnapshot().items[0]!.updatedAt).toBe('2026-11-27T09:00:00.003Z');
  });

  it('orders by story, then reading order, then age', async () => {
    const store = makeStore();
    await store.add(passage({ slug: 'b-story', quote: quote('b later', 50) }));
    await store.add(passage({ slug: 'a-story', quote: quote('a later', 90) }));
    await store.add(passage({ slug: 'b-story', quote: quote('b first', 5) }));
    await store.add(passage({ slug: 'a-story', quote: quote('a first', 10) }));
    await store.add(passage({ slug: 'a-story', quote: quote('a first, again', 10) }));
    expect(store.getSnapshot().items.map((item) => item.quote.exact)).toEqual([
      'a first',
      'a first, again',
      'a later',
      'b first',
      'b later',
    ]);
  });

  it('keeps the same snapshot until something changes, then notifies subscribers', async () => {
    const store = makeStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);

    const highlight = await store.add(passage());
    expect(listener).toHaveBeenCalledTimes(1);
    expect(Object.isFrozen(store.getSnapshot().items)).toBe(true);

    await store.remove('id-unknown-1');
    await store.update(highlight.id, {});
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    await store.remove(highlight.id);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('sets corrupt records aside, counts them and loads the rest', async () => {
    const good = JSON.stringify({
      id: 'good-0001',
      slug: 'a-story',
      title: 'A story',
      quote: quote('fine'),
      colour: 'evidence',
      note: '',
      createdAt: '2026-11-01T10:00:00.000Z',
      updatedAt: '2026-11-01T10:00:00.000Z',
    });
    const damaged = {
      'dispatch:highlight:not-json1': '{"id": "not-json1", ',
      'dispatch:highlight:no-quote1': JSON.stringify({
        id: 'no-quote1',
        slug: 'a-story',
        title: 'A story',
        colour: 'key',
        note: '',
        createdAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-01T10:00:00.000Z',
      }),
      'dispatch:highlight:bad-colour': good
        .replace('good-0001', 'bad-colour')
        .replace('evidence', 'red'),
      'dispatch:highlight:wrong-key1': good,
    };
    const storage = new MemoryStorage({ 'dispatch:highlight:good-0001': good, ...damaged });
    const store = makeStore({ storage });

    expect(ids(store)).toEqual(['good-0001']);
    expect(store.getSnapshot().corrupt).toBe(4);
    expect(storage.entries()).toEqual({
      'dispatch:highlight:good-0001': good,
      ...Object.fromEntries(
        Object.entries(damaged).map(([key, value]) => [
          key.replace('dispatch:highlight:', 'dispatch:highlight-corrupt:'),
          value,
        ]),
      ),
    });
    // Set aside, not lost, and still counted on the next visit.
    expect(makeStore({ storage }).getSnapshot().corrupt).toBe(4);
  });

  it('purges tombstones older than 90 days when it reads storage, and keeps newer ones', () => {
    const tombstone = (id: string, at: string) =>
      JSON.stringify({ id, slug: 'a-story', deletedAt: at, updatedAt: at });
    const storage = new MemoryStorage({
      'dispatch:highlight:old-tombstone': tombstone('old-tombstone', '2026-08-01T00:00:00.000Z'),
      'dispatch:highlight:new-tombstone': tombstone('new-tombstone', '2026-10-01T00:00:00.000Z'),
    });
    makeStore({ storage });
    expect(Object.keys(storage.entries())).toEqual(['dispatch:highlight:new-tombstone']);
  });

  describe('when storage is unavailable', () => {
    it('works in memory, session only, when every access throws', async () => {
      const storage = new MemoryStorage();
      storage.blocked = true;
      const store = makeStore({ storage });
      expect(store.getSnapshot()).toEqual({ items: [], persistence: 'session-only', corrupt: 0 });
      const highlight = await store.add(passage());
      await expect(store.update(highlight.id, { note: 'Kept in memory' })).resolves.toBeDefined();
      expect(store.getSnapshot().items).toEqual([
        expect.objectContaining({ id: highlight.id, note: 'Kept in memory' }),
      ]);
    });

    it('treats a localStorage whose getter throws as unavailable', async () => {
      vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      });
      const store = createHighlightStore({ onPersistRequest: () => {} });
      stores.push(store);
      expect(store.getSnapshot().persistence).toBe('session-only');
      await store.add(passage());
      expect(store.getSnapshot().items).toHaveLength(1);
    });

    it('switches to session only when storage is full, losing nothing in memory', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      const first = await store.add(passage({ quote: quote('first', 1) }));
      const listener = vi.fn();
      store.subscribe(listener);

      storage.failWrites = true;
      const second = await store.add(passage({ quote: quote('second', 2) }));
      expect(store.getSnapshot().persistence).toBe('session-only');
      expect(listener).toHaveBeenCalled();
      expect(ids(store)).toEqual([first.id, second.id]);

      // Memory is now the record: later changes stay in memory, and nothing is lost.
      storage.failWrites = false;
      await store.update(first.id, { colour: 'disagree' });
      const removed = (await store.remove(second.id))!;
      await store.restore(removed);
      expect(store.getSnapshot().items).toEqual([
        expect.objectContaining({ id: first.id, colour: 'disagree' }),
        expect.objectContaining({ id: second.id, quote: quote('second', 2) }),
      ]);
      expect(storage.getItem(`dispatch:highlight:${second.id}`)).toBeNull();
      expect(stored(storage, first.id)).toMatchObject({ colour: 'key' });
    });

    it('asks for persistent storage once, and not when nothing can be stored', async () => {
      const onPersistRequest = vi.fn();
      const store = makeStore({ onPersistRequest });
      await store.add(passage());
      await store.add(passage());
      expect(onPersistRequest).toHaveBeenCalledTimes(1);

      const none = vi.fn();
      await makeStore({ storage: null, onPersistRequest: none }).add(passage());
      expect(none).not.toHaveBeenCalled();
    });
  });

  describe('across tabs', () => {
    it('keeps two stores on one storage in step: additions, edits and removals', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      const otherTab = makeStore({ storage, newId: counter('other') });
      const listener = vi.fn();
      store.subscribe(listener);

      const highlight = await otherTab.add(passage());
      expect(ids(store)).toEqual([]);
      window.dispatchEvent(
        new StorageEvent('storage', { key: `dispatch:highlight:${highlight.id}` }),
      );
      expect(store.getSnapshot().items).toEqual(otherTab.getSnapshot().items);
      expect(listener).toHaveBeenCalledTimes(1);

      await otherTab.update(highlight.id, { note: 'From the other tab' });
      window.dispatchEvent(
        new StorageEvent('storage', { key: `dispatch:highlight:${highlight.id}` }),
      );
      expect(store.getSnapshot().items[0]!.note).toBe('From the other tab');

      await otherTab.remove(highlight.id);
      window.dispatchEvent(
        new StorageEvent('storage', { key: `dispatch:highlight:${highlight.id}` }),
      );
      expect(ids(store)).toEqual([]);
      expect(listener).toHaveBeenCalledTimes(3);
    });

    it('picks up storage cleared in another tab, and ignores other keys', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.add(passage());
      const listener = vi.fn();
      store.subscribe(listener);

      window.dispatchEvent(new StorageEvent('storage', { key: 'dispatch:bookmark:a-story' }));
      expect(listener).not.toHaveBeenCalled();

      storage.clear();
      window.dispatchEvent(new StorageEvent('storage', { key: null }));
      expect(ids(store)).toEqual([]);
      expect(listener).toHaveBeenCalledTimes(1);
    });
  });

  describe('export and import', () => {
    function exportFile(highlights: unknown, deleted: unknown = []) {
      return JSON.stringify({ format: 'dispatch-highlights', version: 1, highlights, deleted });
    }

    function entry(overrides: Partial<Highlight> = {}): Highlight {
      return {
        id: 'file-0001',
        slug: 'a-story',
        title: 'A story',
        quote: quote('from the file'),
        colour: 'evidence',
        note: '',
        createdAt: '2026-11-01T10:00:00.000Z',
        updatedAt: '2026-11-01T10:00:00.000Z',
        ...overrides,
      };
    }

    it('exports a versioned, readable file with highlights and removals', async () => {
      const store = makeStore();
      const kept = await store.add(passage()); // 09:00
      const gone = await store.add(passage({ quote: quote('gone', 5) })); // 09:01
      await store.remove(gone.id); // 09:02
      const text = store.exportJson(); // 09:03
      expect(text).toContain('\n  "format": "dispatch-highlights"');
      expect(JSON.parse(text)).toEqual({
        format: 'dispatch-highlights',
        version: 1,
        exportedAt: '2026-11-27T09:03:00.000Z',
        highlights: [kept],
        deleted: [
          {
            id: gone.id,
            slug: 'a-story',
            deletedAt: '2026-11-27T09:02:00.000Z',
            updatedAt: '2026-11-27T09:02:00.000Z',
          },
        ],
      });
    });

    it('gives back equal items after export, clearing storage and import', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.add(passage({ title: 'A story “quoted”', note: 'Line one\nLine two' }));
      await store.add(passage({ slug: 'b-story', colour: 'disagree', quote: quote('سلام', 3) }));
      const removed = await store.add(passage({ quote: quote('removed', 9) }));
      await store.remove(removed.id);
      const before = store.getSnapshot().items;
      const text = store.exportJson();

      storage.clear();
      const fresh = makeStore({ storage });
      expect(fresh.getSnapshot().items).toEqual([]);
      await expect(fresh.importJson(text)).resolves.toEqual({ added: 2, updated: 0, removed: 0 });
      expect(fresh.getSnapshot().items).toEqual(before);
      // The removal came along, for a later sync, and all of it survives a reload.
      expect(stored(storage, removed.id)).toMatchObject({ id: removed.id });
      expect(makeStore({ storage }).getSnapshot().items).toEqual(before);
    });

    it('adds nothing when the same file is imported twice', async () => {
      const store = makeStore();
      const text = exportFile([entry(), entry({ id: 'file-0002', quote: quote('two', 4) })]);
      await expect(store.importJson(text)).resolves.toEqual({ added: 2, updated: 0, removed: 0 });
      const after = store.getSnapshot();
      await expect(store.importJson(text)).resolves.toEqual({ added: 0, updated: 0, removed: 0 });
      expect(store.getSnapshot()).toBe(after);
      // Nor does its own export, imported back.
      await expect(store.importJson(store.exportJson())).resolves.toEqual({
        added: 0,
        updated: 0,
        removed: 0,
      });
    });

    it('merges by id: the newer version wins, tombstones included', async () => {
      const store = makeStore();
      const older = await store.add(passage({ quote: quote('kept', 1) })); // 09:00
      const edited = await store.add(passage({ quote: quote('edited', 2) })); // 09:01
      const deleted = await store.add(passage({ quote: quote('deleted', 3) })); // 09:02
      const revived = await store.add(passage({ quote: quote('revived', 4) })); // 09:03
      await store.remove(revived.id); // 09:04

      const result = await store.importJson(
        exportFile(
          [
            { ...older, note: 'An older copy', updatedAt: '2026-11-01T00:00:00.000Z' },
            { ...edited, note: 'Edited elsewhere', updatedAt: '2026-11-27T10:00:00.000Z' },
            { ...revived, note: 'Brought back', updatedAt: '2026-11-27T10:00:00.000Z' },
            entry({ id: 'file-0001', note: 'First copy' }),
            entry({ id: 'file-0001', note: 'Later copy', updatedAt: '2026-11-02T00:00:00.000Z' }),
          ],
          [
            {
              id: deleted.id,
              slug: 'a-story',
              deletedAt: '2026-11-27T10:00:00.000Z',
              updatedAt: '2026-11-27T10:00:00.000Z',
            },
            {
              id: older.id,
              slug: 'a-story',
              deletedAt: '2026-11-27T08:00:00.000Z',
              updatedAt: '2026-11-27T08:00:00.000Z',
            },
          ],
        ),
      );

      expect(result).toEqual({ added: 2, updated: 1, removed: 1 });
      expect(store.getSnapshot().items.map((item) => [item.quote.exact, item.note])).toEqual([
        ['from the file', 'Later copy'],
        ['kept', ''],
        ['edited', 'Edited elsewhere'],
        ['revived', 'Brought back'],
      ]);
    });

    it('applies a removal older than 90 days, without keeping its tombstone', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      const text = exportFile(
        [entry({ updatedAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' })],
        [],
      );
      await store.importJson(text);
      const old = '2026-02-01T00:00:00.000Z';
      const tombstones = [
        { id: 'file-0001', slug: 'a-story', deletedAt: old, updatedAt: old },
        { id: 'file-0009', slug: 'a-story', deletedAt: old, updatedAt: old },
      ];
      await expect(store.importJson(exportFile([], tombstones))).resolves.toEqual({
        added: 0,
        updated: 0,
        removed: 1,
      });
      expect(store.getSnapshot().items).toEqual([]);
      expect(storage.entries()).toEqual({});
    });

    it.each([
      ['text that is not JSON', 'hello', 'This file is not a Dispatch highlights export.'],
      [
        'a file of the wrong format',
        JSON.stringify({ format: 'dispatch-bookmarks', version: 1, bookmarks: [] }),
        'This file is not a Dispatch highlights export.',
      ],
      ['a bare array', '[]', 'This file is not a Dispatch highlights export.'],
      [
        'a newer version',
        JSON.stringify({ format: 'dispatch-highlights', version: 2, highlights: [] }),
        'This file was exported by a newer version of Dispatch and cannot be imported here.',
      ],
      [
        'a damaged highlight',
        exportFile([
          entry({ id: 'file-0001' }),
          entry({ id: 'file-0002' }),
          { ...entry({ id: 'file-0003' }), quote: { ...quote('x'), exact: '' } },
        ]),
        'Highlight 3 in this file is damaged: its passage is missing or not valid.',
      ],
      [
        'a highlight of an unknown colour',
        exportFile([{ ...entry(), colour: 'red' }]),
        'Highlight 1 in this file is damaged: its colour is missing or not one Dispatch knows.',
      ],
      [
        'a highlight with a bad date',
        exportFile([{ ...entry(), updatedAt: 'yesterday' }]),
        'Highlight 1 in this file is damaged: its date changed is missing or not valid.',
      ],
      [
        'an entry that is not an object',
        exportFile(['fine']),
        'Highlight 1 in this file is damaged: it is not a highlight.',
      ],
      [
        'a damaged removal',
        exportFile([entry()], [{ id: 'file-0002', slug: 'a-story', updatedAt: 'x' }]),
        'Removed highlight 1 in this file is damaged: its date removed is missing or not valid.',
      ],
    ])('rejects %s with a clear message and changes nothing', async (_, text, message) => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.add(passage());
      const before = store.getSnapshot();
      const entries = storage.entries();

      const result = store.importJson(text);
      await expect(result).rejects.toThrow(ImportError);
      await expect(result).rejects.toThrow(message);
      expect(store.getSnapshot()).toBe(before);
      expect(storage.entries()).toEqual(entries);
    });
  });
});
