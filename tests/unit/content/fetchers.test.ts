import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import {
  ContentNotFoundError,
  InvalidContentError,
  NetworkError,
} from '../../../src/content/errors';
import { isFullArticle } from '../../../src/content/article';
import { fetchEditionPage } from '../../../src/content/edition';
import { contentUrls, fetchStory } from '../../../src/content/fetchers';
import { articleQueries, editionQueries } from '../../../src/content/queries';
import { storyPartsReply } from '../../../src/content/story-parts';
import { WORKER_PARSE_BYTES } from '../../../src/content/validate';
import { jsonResponse, readPublicJson, stubContentFetch } from '../../helpers/content-fetch';
import { longArticle } from '../../helpers/long-article';
import { SEED_SLUG } from '../../helpers/seed';

async function fetchArticle(slug: string) {
  const story = await fetchStory(slug);
  if (!isFullArticle(story)) throw new Error(`${slug} is not a full article`);
  return story;
}

describe('fetchers', () => {
  it('fetch and validate the seed article, adding section ids', async () => {
    stubContentFetch();
    const article = await fetchArticle(SEED_SLUG);
    expect(article.slug).toBe(SEED_SLUG);
    expect(article.sections.map((section) => section.id)).toEqual([
      'opening',
      'growing-tensions-with-the-us',
      'us-ukraine-deal-on-rare-earth-minerals',
      'ukraine-excluded-from-us-russia-talks',
      'russia-launches-largest-drone-attack-on-ukraine',
    ]);
  });

  it('fetch a page of the edition', async () => {
    const fetchMock = stubContentFetch();
    const edition = await fetchEditionPage(1);
    expect(edition.lead.slug).toBe(SEED_SLUG);
    expect(fetchMock).toHaveBeenCalledWith('/content/edition/1.json', expect.anything());
  });

  it('report a missing document as not found', async () => {
    stubContentFetch();
    await expect(fetchArticle('no-such-story')).rejects.toBeInstanceOf(ContentNotFoundError);
  });

  it('report an HTML fallback page as not found', async () => {
    stubContentFetch(
      () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } }),
    );
    await expect(fetchArticle(SEED_SLUG)).rejects.toBeInstanceOf(ContentNotFoundError);
  });

  it('report a document that fails the schema with the failing field', async () => {
    const broken = readPublicJson(`content/articles/${SEED_SLUG}.json`) as { related: unknown };
    broken.related = 'none';
    stubContentFetch(() => jsonResponse(broken));
    const error = await fetchArticle(SEED_SLUG).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidContentError);
    expect((error as InvalidContentError).issues[0]?.path).toBe('related');
  });

  it('report a body that is not JSON as invalid', async () => {
    stubContentFetch(
      () => new Response('{"slug": ', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await fetchEditionPage(1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidContentError);
    expect((error as InvalidContentError).message).toContain('not valid JSON');
  });

  it('report a refused request and a server error as network errors', async () => {
    stubContentFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(fetchArticle(SEED_SLUG)).rejects.toBeInstanceOf(NetworkError);
    stubContentFetch(() => new Response('', { status: 503 }));
    await expect(fetchArticle(SEED_SLUG)).rejects.toMatchObject({
      name: 'NetworkError',
      status: 503,
    });
  });

  it('fetch a title-only story as such', async () => {
    stubContentFetch((url) =>
      url.endsWith('/known-by-title.json')
        ? jsonResponse({
            slug: 'known-by-title',
            availability: 'title-only',
            headline: { text: 'Known by title', origin: 'published' },
          })
        : undefined,
    );
    const story = await fetchStory('known-by-title');
    expect(story).toEqual({
      slug: 'known-by-title',
      availability: 'title-only',
      headline: { text: 'Known by title', origin: 'published' },
      relatedTo: [],
      others: [],
    });
  });

  it('reject a title-only story whose headline is incomplete', async () => {
    stubContentFetch(() =>
      jsonResponse({ slug: 'x', availability: 'title-only', headline: { text: 'X' } }),
    );
    const error = await fetchStory('x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidContentError);
    expect((error as InvalidContentError).issues[0]?.path).toBe('headline.origin');
  });

  it('encode the slug into the URL', () => {
    expect(contentUrls.article('a/b')).toBe('/content/articles/a%2Fb.json');
  });
});

/**
 * A stand-in for the browser's Worker running story-parts.worker.ts: it answers as the worker
 * script does, or fails to start as a blocked or missing script does. (The real worker runs in
 * the end-to-end tests.)
 */
function stubStoryWorker(behaviour: 'answers' | 'fails') {
  const started: string[] = [];
  class StoryWorker {
    onmessage: ((event: MessageEvent) => void) | null = null;
    onerror: ((event: ErrorEvent) => void) | null = null;
    onmessageerror: (() => void) | null = null;
    terminated = false;
    constructor(url: URL) {
      started.push(url.pathname);
    }
    postMessage(bytes: ArrayBuffer) {
      queueMicrotask(() => {
        if (behaviour === 'fails') this.onerror?.(new ErrorEvent('error'));
        else this.onmessage?.(new MessageEvent('message', { data: storyPartsReply(bytes) }));
      });
    }
    terminate() {
      this.terminated = true;
    }
  }
  vi.stubGlobal('Worker', StoryWorker);
  return started;
}

describe('a long story', () => {
  const slug = 'a-long-story';
  // Long enough that its JSON is parsed in a worker.
  const document = longArticle(slug, 900, { lead: 'Negotiators met again after a long night. ' });
  const parsedHere = { ...document, sections: expect.any(Array) };

  it('is at least the size that goes to a worker', () => {
    expect(JSON.stringify(document).length).toBeGreaterThanOrEqual(WORKER_PARSE_BYTES);
  });

  /** The article as this thread parses it, where no worker exists. */
  const parsedOnThisThread = async () => {
    vi.stubGlobal('Worker', undefined);
    return fetchArticle(slug);
  };

  it('is parsed in a worker, section by section, to the same article', async () => {
    stubContentFetch((url) => (url.includes(slug) ? jsonResponse(document) : undefined));
    const here = await parsedOnThisThread();
    const started = stubStoryWorker('answers');
    const viaWorker = await fetchArticle(slug);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/story-parts\.worker\.ts$/);
    expect(viaWorker.sections).toHaveLength(30);
    expect(viaWorker).not.toBe(here);
    expect(viaWorker).toEqual(here);
  });

  it('is parsed here when no worker can run, to the same article', async () => {
    stubContentFetch((url) => (url.includes(slug) ? jsonResponse(document) : undefined));
    stubStoryWorker('answers');
    const viaWorker = await fetchArticle(slug);
    const started = stubStoryWorker('fails');
    const fallenBack = await fetchArticle(slug);
    // The worker was tried, failed to start, and this thread parsed the story instead.
    expect(started).toHaveLength(1);
    expect(fallenBack).toEqual(viaWorker);
    expect(fallenBack).toMatchObject(parsedHere);
  });

  it('that is not JSON is reported as such, wherever it is parsed', async () => {
    const broken = `${JSON.stringify(document).slice(0, -2)},}`;
    stubContentFetch((url) =>
      url.includes(slug)
        ? new Response(broken, { headers: { 'content-type': 'application/json' } })
        : undefined,
    );
    for (const worker of ['answers', 'fails'] as const) {
      stubStoryWorker(worker);
      const error = await fetchStory(slug).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidContentError);
      expect((error as InvalidContentError).issues).toEqual([
        { path: '', message: 'not valid JSON' },
      ]);
    }
  });

  it('that is short is parsed here, without a worker', async () => {
    const started = stubStoryWorker('answers');
    stubContentFetch();
    await fetchArticle(SEED_SLUG);
    expect(started).toEqual([]);
  });
});

describe('query factory', () => {
  it('builds distinct keys per article under one prefix', () => {
    expect(articleQueries.detail('a').queryKey).toEqual(['articles', 'a']);
    expect(articleQueries.detail('b').queryKey.slice(0, 1)).toEqual(articleQueries.all());
    expect(editionQueries.page(2).queryKey).toEqual(['edition', 2]);
  });

  it('loads through a QueryClient once and then serves the cache', async () => {
    const fetchMock = stubContentFetch();
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity } } });
    const first = await client.ensureQueryData(articleQueries.detail(SEED_SLUG));
    const second = await client.ensureQueryData(articleQueries.detail(SEED_SLUG));
    expect(second).toBe(first);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('passes the abort signal to fetch', async () => {
    const fetchMock = stubContentFetch();
    const client = new QueryClient();
    await client.fetchQuery(editionQueries.page(1));
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({ signal: expect.any(AbortSignal) });
  });
});
