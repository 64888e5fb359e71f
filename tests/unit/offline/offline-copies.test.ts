// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Story } from '../../../src/content/article';
import { NetworkError } from '../../../src/content/errors';
import { createOfflineCopies } from '../../../src/features/offline/offline-copies';
import { offlineCopies } from '../../../src/features/offline/offline-state';
import { SAVED_CACHE } from '../../../src/lib/offline-cache';

const ORIGIN = 'https://dispatch.test';

/** A Cache that fetches through `download`, all or nothing, as `addAll` does. */
class FakeCache {
  entries = new Map<string, Response>();
  constructor(private download: (url: string) => Promise<Response>) {}
  async addAll(urls: string[]) {
    const responses = await Promise.all(urls.map((url) => this.download(url)));
    urls.forEach((url, index) => this.entries.set(url, responses[index]!));
  }
  async keys() {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
  async match(key: string) {
    return this.entries.get(key);
  }
  async delete(request: Request) {
    return this.entries.delete(request.url);
  }
}

function titleOnly(slug: string): Story {
  return {
    availability: 'title-only',
    slug,
    headline: { text: slug, origin: 'published' },
    relatedTo: [],
    others: [],
  };
}

function setup({
  open,
  download = async () => new Response('ok'),
  online = true,
  workerReady = true,
}: {
  open?: (name: string) => Promise<FakeCache>;
  download?: (url: string) => Promise<Response>;
  online?: boolean;
  workerReady?: boolean;
} = {}) {
  const cache = new FakeCache(download);
  const opened: string[] = [];
  const storage = {
    open:
      open ??
      (async (name: string) => {
        opened.push(name);
        return cache;
      }),
  } as unknown as CacheStorage;
  const copies = createOfflineCopies({
    workerReady: Promise.resolve(workerReady),
    caches: storage,
    fetchStory: async (slug) => titleOnly(slug),
    isOnline: () => online,
    origin: ORIGIN,
  });
  const statuses = () =>
    Object.fromEntries((offlineCopies.get() ?? []).map((c) => [c.slug, c.status]));
  return { cache, copies, opened, statuses };
}

const story = (slug: string) => ({ slug, title: `Title of ${slug}` });

describe('offline copies', () => {
  it('keeps a saved story’s page and JSON, and calls it available', async () => {
    const { cache, copies, opened, statuses } = setup();
    await copies.reconcile([story('harbour-bridge')]);
    expect(opened).toEqual([SAVED_CACHE]);
    expect([...cache.entries.keys()].sort()).toEqual([
      `${ORIGIN}/articles/harbour-bridge`,
      `${ORIGIN}/content/articles/harbour-bridge.json`,
    ]);
    expect(statuses()).toEqual({ 'harbour-bridge': 'available' });
  });

  it('releases the copy of a story no longer saved, and only that one', async () => {
    const { cache, copies, statuses } = setup();
    await copies.reconcile([story('one'), story('two')]);
    await copies.reconcile([story('two')]);
    expect([...cache.entries.keys()].sort()).toEqual([
      `${ORIGIN}/articles/two`,
      `${ORIGIN}/content/articles/two.json`,
    ]);
    expect(statuses()).toEqual({ two: 'available' });
  });

  it('keeps Unicode slugs under the same keys the browser requests', async () => {
    const { cache, copies } = setup();
    await copies.reconcile([story('київ')]);
    await copies.reconcile([]);
    expect(cache.entries.size).toBe(0);
  });

  it('says storage was refused when the cache cannot be opened, and keeps nothing', async () => {
    const { copies, statuses } = setup({
      open: () => Promise.reject(new DOMException('insecure', 'SecurityError')),
    });
    await copies.reconcile([story('one')]);
    expect(statuses()).toEqual({ one: 'refused' });
  });

  it('says the quota is full when the download does not fit', async () => {
    const { cache, copies, statuses } = setup({
      download: () => Promise.reject(new DOMException('full', 'QuotaExceededError')),
    });
    await copies.reconcile([story('one')]);
    expect(statuses()).toEqual({ one: 'quota' });
    expect(cache.entries.size).toBe(0);
  });

  it('waits for the connection when saved offline, and tries again when asked', async () => {
    let online = false;
    const cache = new FakeCache(async () => new Response('ok'));
    const copies = createOfflineCopies({
      workerReady: Promise.resolve(true),
      caches: { open: async () => cache } as unknown as CacheStorage,
      fetchStory: async (slug) => {
        if (!online) throw new NetworkError(slug);
        return titleOnly(slug);
      },
      isOnline: () => online,
      origin: ORIGIN,
    });
    await copies.reconcile([story('one')]);
    expect(offlineCopies.get()).toEqual([
      { slug: 'one', title: 'Title of one', status: 'waiting' },
    ]);
    online = true;
    await copies.reconcile([story('one')]);
    expect(offlineCopies.get()?.[0]?.status).toBe('available');
  });

  it('says a failed download failed when online, and keeps nothing of it', async () => {
    const { cache, copies, statuses } = setup({
      download: async (url) => {
        if (url.endsWith('.json')) throw new TypeError('Failed to fetch');
        return new Response('ok');
      },
    });
    await copies.reconcile([story('one')]);
    expect(statuses()).toEqual({ one: 'failed' });
    expect(cache.entries.size).toBe(0);
  });

  it('keeps nothing where no service worker can serve it', async () => {
    const { cache, copies, statuses } = setup({ workerReady: false });
    await copies.reconcile([story('one')]);
    expect(statuses()).toEqual({ one: 'unsupported' });
    expect(cache.entries.size).toBe(0);
  });

  it('merges calls made while one runs, ending with the latest list', async () => {
    const { cache, copies, statuses } = setup();
    const first = copies.reconcile([story('one')]);
    void copies.reconcile([story('one'), story('two')]);
    await copies.reconcile([story('two')]);
    await first;
    expect([...cache.entries.keys()].some((url) => url.includes('/one'))).toBe(false);
    expect(statuses()).toEqual({ two: 'available' });
  });
});
