import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createBookmarkStore,
  ImportError,
  type Bookmark,
  type BookmarkStore,
  type BookmarkStoreOptions,
} from '../../../src/features/bookmarks/bookmark-store';
import { MemoryStorage } from './memory-storage';

const stores: BookmarkStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

/** A clock that moves one minute a reading, so every save is newer than the last. */
function minuteClock(start = '2026-11-27T09:00:00.000Z') {
  let next = Date.parse(start);
  return () => {
    const date = new Date(next);
    next += 60_000;
    return date;
  };
}

function makeStore(options: BookmarkStoreOptions = {}) {
  const storage = options.storage === undefined ? new MemoryStorage() : options.storage;
  const store = createBookmarkStore({
    now: minuteClock(),
    onPersistRequest: () => {},
    ...options,
    storage,
  });
  stores.push(store);
  return store;
}

function record(bookmark: Bookmark): string {
  return JSON.stringify(bookmark);
}

const slugs = (store: BookmarkStore) => store.getSnapshot().items.map((item) => item.slug);

describe('bookmark store', () => {
  it('saves, lists newest first, and removes', async () => {
    const storage = new MemoryStorage();
    const store = makeStore({ storage });
    await store.save({ slug: 'first-story', title: 'First story' });
    await store.save({ slug: 'second-story', title: 'Second story' });

    expect(store.getSnapshot().items).toEqual([
      { slug: 'second-story', title: 'Second story', savedAt: '2026-11-27T09:01:00.000Z' },
      { slug: 'first-story', title: 'First story', savedAt: '2026-11-27T09:00:00.000Z' },
    ]);
    expect(store.isSaved('first-story')).toBe(true);
    expect(JSON.parse(storage.getItem('dispatch:bookmark:first-story')!)).toEqual({
      slug: 'first-story',
      title: 'First story',
      savedAt: '2026-11-27T09:00:00.000Z',
    });

    await store.remove('first-story');
    expect(slugs(store)).toEqual(['second-story']);
    expect(store.isSaved('first-story')).toBe(false);
    expect(storage.getItem('dispatch:bookmark:first-story')).toBeNull();
  });

  it('loads what an earlier visit saved, newest first', () => {
    const storage = new MemoryStorage({
      'dispatch:bookmark:older': record({
        slug: 'older',
        title: 'Older',
        savedAt: '2026-01-01T00:00:00.000Z',
      }),
      'dispatch:bookmark:newer': record({
        slug: 'newer',
        title: 'Newer',
        savedAt: '2026-06-01T00:00:00.000Z',
      }),
      'unrelated-key': 'left alone',
    });
    const store = makeStore({ storage });
    expect(slugs(store)).toEqual(['newer', 'older']);
    expect(store.getSnapshot().persistence).toBe('persistent');
    expect(storage.getItem('unrelated-key')).toBe('left alone');
  });

  it('keeps a story’s place and date when it is saved again', async () => {
    const store = makeStore();
    await store.save({ slug: 'a-story', title: 'A story' });
    await store.save({ slug: 'b-story', title: 'B story' });
    const before = store.getSnapshot();
    await store.save({ slug: 'a-story', title: 'A story' });
    expect(store.getSnapshot()).toBe(before);
  });

  it('undoes a removal with restore, back in its place with its original date', async () => {
    const store = makeStore();
    await store.save({ slug: 'one', title: 'One' });
    await store.save({ slug: 'two', title: 'Two' });
    await store.save({ slug: 'three', title: 'Three' });
    const removed = store.getSnapshot().items[1]!;
    expect(removed.slug).toBe('two');

    await store.remove('two');
    expect(slugs(store)).toEqual(['three', 'one']);
    await store.restore(removed);
    expect(store.getSnapshot().items).toEqual([
      expect.objectContaining({ slug: 'three' }),
      { slug: 'two', title: 'Two', savedAt: '2026-11-27T09:01:00.000Z' },
      expect.objectContaining({ slug: 'one' }),
    ]);
  });

  it('clears every bookmark, and only bookmarks', async () => {
    const storage = new MemoryStorage({ 'reader-settings': '{}' });
    const store = makeStore({ storage });
    await store.save({ slug: 'one', title: 'One' });
    await store.save({ slug: 'two', title: 'Two' });
    await store.clear();
    expect(store.getSnapshot().items).toEqual([]);
    expect(storage.entries()).toEqual({ 'reader-settings': '{}' });
  });

  it('keeps the same snapshot until something changes, then notifies subscribers', async () => {
    const store = makeStore();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);

    await store.save({ slug: 'one', title: 'One' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.getSnapshot()).not.toBe(first);
    expect(Object.isFrozen(store.getSnapshot().items)).toBe(true);

    await store.remove('not-saved');
    expect(listener).toHaveBeenCalledTimes(1);

    unsubscribe();
    await store.remove('one');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('sets corrupt records aside, reports them and loads the rest', () => {
    const good = record({ slug: 'good-story', title: 'Good', savedAt: '2026-11-01T10:00:00.000Z' });
    const storage = new MemoryStorage({
      'dispatch:bookmark:good-story': good,
      'dispatch:bookmark:not-json': '{"slug": "not-json", ',
      'dispatch:bookmark:no-title': JSON.stringify({
        slug: 'no-title',
        savedAt: '2026-11-01T10:00:00.000Z',
      }),
      'dispatch:bookmark:wrong-key': record({
        slug: 'other',
        title: 'Other',
        savedAt: '2026-11-01T10:00:00.000Z',
      }),
    });
    const store = makeStore({ storage });

    expect(store.getSnapshot()).toEqual({
      items: [{ slug: 'good-story', title: 'Good', savedAt: '2026-11-01T10:00:00.000Z' }],
      persistence: 'persistent',
      corrupt: 3,
    });
    expect(storage.entries()).toEqual({
      'dispatch:bookmark:good-story': good,
      'dispatch:bookmark-corrupt:not-json': '{"slug": "not-json", ',
      'dispatch:bookmark-corrupt:no-title': JSON.stringify({
        slug: 'no-title',
        savedAt: '2026-11-01T10:00:00.000Z',
      }),
      'dispatch:bookmark-corrupt:wrong-key': record({
        slug: 'other',
        title: 'Other',
        savedAt: '2026-11-01T10:00:00.000Z',
      }),
    });
  });

  it('never overwrites a record set aside earlier, and still counts it on the next visit', () => {
    const storage = new MemoryStorage({
      'dispatch:bookmark-corrupt:story': 'first damage',
      'dispatch:bookmark:story': 'second damage',
    });
    makeStore({ storage });
    expect(storage.entries()).toEqual({
      'dispatch:bookmark-corrupt:story': 'first damage',
      'dispatch:bookmark-corrupt:story:2': 'second damage',
    });
    expect(makeStore({ storage }).getSnapshot().corrupt).toBe(2);
  });

  describe('when storage is unavailable', () => {
    it('works in memory, session only, when there is no storage', async () => {
      const store = makeStore({ storage: null });
      expect(store.getSnapshot().persistence).toBe('session-only');
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two' });
      await store.remove('one');
      expect(slugs(store)).toEqual(['two']);
    });

    it('works in memory, session only, when every access throws', async () => {
      const storage = new MemoryStorage();
      storage.blocked = true;
      const store = makeStore({ storage });
      expect(store.getSnapshot()).toEqual({ items: [], persistence: 'session-only', corrupt: 0 });
      await expect(store.save({ slug: 'one', title: 'One' })).resolves.toBeUndefined();
      expect(slugs(store)).toEqual(['one']);
    });

    it('treats a localStorage that throws on access as unavailable', async () => {
      vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      });
      const store = createBookmarkStore({ onPersistRequest: () => {} });
      stores.push(store);
      expect(store.getSnapshot().persistence).toBe('session-only');
      await store.save({ slug: 'one', title: 'One' });
      expect(slugs(store)).toEqual(['one']);
    });

    it('loads what it can read when storage refuses writes from the start', () => {
      const storage = new MemoryStorage({
        'dispatch:bookmark:kept': record({
          slug: 'kept',
          title: 'Kept',
          savedAt: '2026-11-01T10:00:00.000Z',
        }),
      });
      storage.failWrites = true;
      const store = makeStore({ storage });
      expect(store.getSnapshot().persistence).toBe('session-only');
      expect(slugs(store)).toEqual(['kept']);
    });

    it('switches to session only on a quota error mid-session, losing nothing', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two' });
      const listener = vi.fn();
      store.subscribe(listener);

      storage.failWrites = true;
      await expect(store.save({ slug: 'three', title: 'Three' })).resolves.toBeUndefined();

      expect(store.getSnapshot().persistence).toBe('session-only');
      expect(slugs(store)).toEqual(['three', 'two', 'one']);
      expect(listener).toHaveBeenCalled();
      // Memory is now the record: later changes do not reach storage at all.
      storage.failWrites = false;
      await store.remove('one');
      expect(slugs(store)).toEqual(['three', 'two']);
      expect(storage.getItem('dispatch:bookmark:one')).not.toBeNull();
    });
  });

  describe('across tabs', () => {
    it('picks up a bookmark another tab saved', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      const otherTab = makeStore({ storage });
      const listener = vi.fn();
      store.subscribe(listener);

      await otherTab.save({ slug: 'from-elsewhere', title: 'From elsewhere' });
      expect(slugs(store)).toEqual([]);
      window.dispatchEvent(
        new StorageEvent('storage', { key: 'dispatch:bookmark:from-elsewhere' }),
      );

      expect(slugs(store)).toEqual(['from-elsewhere']);
      expect(listener).toHaveBeenCalledTimes(1);
    });

    it('picks up a removal, and a storage cleared in another tab', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two' });

      storage.removeItem('dispatch:bookmark:one');
      window.dispatchEvent(new StorageEvent('storage', { key: 'dispatch:bookmark:one' }));
      expect(slugs(store)).toEqual(['two']);

      storage.clear();
      window.dispatchEvent(new StorageEvent('storage', { key: null }));
      expect(slugs(store)).toEqual([]);
    });

    it('ignores changes to other keys, and stops listening once disposed', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      const listener = vi.fn();
      store.subscribe(listener);

      storage.setItem(
        'dispatch:bookmark:sneaky',
        record({ slug: 'sneaky', title: 'S', savedAt: '2026-11-01T10:00:00.000Z' }),
      );
      window.dispatchEvent(new StorageEvent('storage', { key: 'reader-settings' }));
      expect(slugs(store)).toEqual([]);

      store.dispose();
      window.dispatchEvent(new StorageEvent('storage', { key: 'dispatch:bookmark:sneaky' }));
      expect(slugs(store)).toEqual([]);
      expect(listener).not.toHaveBeenCalled();
    });
  });

  describe('persistent storage', () => {
    it('asks once, after the first bookmark is written', async () => {
      const onPersistRequest = vi.fn();
      const store = makeStore({ onPersistRequest });
      expect(onPersistRequest).not.toHaveBeenCalled();
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two' });
      expect(onPersistRequest).toHaveBeenCalledTimes(1);
    });

    it('does not ask when nothing can be stored', async () => {
      const onPersistRequest = vi.fn();
      const store = makeStore({ storage: null, onPersistRequest });
      await store.save({ slug: 'one', title: 'One' });
      expect(onPersistRequest).not.toHaveBeenCalled();
    });

    it('asks the browser by default, and ignores a refusal', async () => {
      const persist = vi.fn(() => Promise.reject(new Error('denied')));
      vi.stubGlobal('navigator', { ...navigator, storage: { persist } });
      const store = createBookmarkStore({ storage: new MemoryStorage() });
      stores.push(store);
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two' });
      expect(persist).toHaveBeenCalledTimes(1);
    });
  });

  describe('export and import', () => {
    function exportFile(bookmarks: unknown) {
      return JSON.stringify({ format: 'dispatch-bookmarks', version: 1, bookmarks });
    }

    it('exports a versioned, readable file', async () => {
      const store = makeStore();
      await store.save({ slug: 'one', title: 'One' });
      const text = store.exportJson();
      expect(text).toContain('\n  "format": "dispatch-bookmarks"');
      expect(JSON.parse(text)).toEqual({
        format: 'dispatch-bookmarks',
        version: 1,
        bookmarks: [{ slug: 'one', title: 'One', savedAt: '2026-11-27T09:00:00.000Z' }],
      });
    });

    it('restores the list exactly after export, clear and import', async () => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.save({ slug: 'one', title: 'One' });
      await store.save({ slug: 'two', title: 'Two “quoted”' });
      await store.save({ slug: 'three', title: 'Three' });
      const before = store.getSnapshot().items;
      const text = store.exportJson();

      await store.clear();
      await expect(store.importJson(text)).resolves.toEqual({ added: 3, updated: 0 });

      expect(store.getSnapshot().items).toEqual(before);
      // And it survives a reload.
      expect(makeStore({ storage }).getSnapshot().items).toEqual(before);
    });

    it('merges by slug: the newer date wins, older and equal entries change nothing', async () => {
      const store = makeStore();
      await store.save({ slug: 'kept', title: 'Kept' }); // 09:00
      await store.save({ slug: 'refreshed', title: 'Old title' }); // 09:01
      const result = await store.importJson(
        exportFile([
          { slug: 'kept', title: 'Older copy', savedAt: '2026-01-01T00:00:00.000Z' },
          { slug: 'refreshed', title: 'New title', savedAt: '2026-12-01T00:00:00.000Z' },
          { slug: 'fresh', title: 'Fresh', savedAt: '2026-11-27T08:00:00.000Z' },
          { slug: 'fresh', title: 'Fresh, later', savedAt: '2026-11-27T08:30:00.000Z' },
        ]),
      );
      expect(result).toEqual({ added: 1, updated: 1 });
      expect(store.getSnapshot().items).toEqual([
        { slug: 'refreshed', title: 'New title', savedAt: '2026-12-01T00:00:00.000Z' },
        { slug: 'kept', title: 'Kept', savedAt: '2026-11-27T09:00:00.000Z' },
        { slug: 'fresh', title: 'Fresh, later', savedAt: '2026-11-27T08:30:00.000Z' },
      ]);
    });

    it.each([
      ['text that is not JSON', 'hello', 'This file is not a Dispatch saved-stories export.'],
      [
        'JSON of another kind',
        '{"name":"dispatch"}',
        'This file is not a Dispatch saved-stories export.',
      ],
      ['a bare array', '[]', 'This file is not a Dispatch saved-stories export.'],
      [
        'a newer version',
        '{"format":"dispatch-bookmarks","version":2,"bookmarks":[]}',
        'This file was exported by a newer version of Dispatch and cannot be imported here.',
      ],
      [
        'one damaged entry',
        exportFile([
          { slug: 'fine', title: 'Fine', savedAt: '2026-11-01T10:00:00.000Z' },
          { slug: 'also-fine', title: 'Also fine', savedAt: '2026-11-01T10:00:00.000Z' },
          { slug: 'Not A Slug', title: 'Broken', savedAt: '2026-11-01T10:00:00.000Z' },
        ]),
        'Saved story 3 in this file is damaged: its link is missing or not valid.',
      ],
      [
        'an entry with a bad date',
        exportFile([{ slug: 'fine', title: 'Fine', savedAt: 'yesterday' }]),
        'Saved story 1 in this file is damaged: its date saved is missing or not valid.',
      ],
      [
        'an entry that is not an object',
        exportFile(['fine']),
        'Saved story 1 in this file is damaged: it is not a saved story.',
      ],
    ])('rejects %s with a clear message and changes nothing', async (_, text, message) => {
      const storage = new MemoryStorage();
      const store = makeStore({ storage });
      await store.save({ slug: 'existing', title: 'Existing' });
      const before = store.getSnapshot();
      const stored = storage.entries();

      const result = store.importJson(text);
      await expect(result).rejects.toThrow(ImportError);
      await expect(result).rejects.toThrow(message);
      expect(store.getSnapshot()).toBe(before);
      expect(storage.entries()).toEqual(stored);
    });
  });
});
