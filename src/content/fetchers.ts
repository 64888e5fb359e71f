import type { Story } from './article';
import { CONTENT_DIR, contentPaths } from './content-paths';
import { ContentNotFoundError, InvalidContentError, NetworkError, NOT_JSON } from './errors';

/** Where content JSON lives, below the site's base URL. */
export const contentUrls = {
  editionPage: (page: number) =>
    `${import.meta.env.BASE_URL}${CONTENT_DIR}/${contentPaths.editionPage(page)}`,
  article: (slug: string) =>
    `${import.meta.env.BASE_URL}${CONTENT_DIR}/${contentPaths.article(encodeURIComponent(slug))}`,
};

export interface FetchOptions {
  signal?: AbortSignal;
  /** Lets the prerender step read from disk through the same code path. */
  fetchImpl?: typeof fetch;
  /**
   * The HTTP cache's part: `no-cache` asks the server whether what the browser holds is
   * current (a conditional request, answered 304 when it is).
   */
  cache?: RequestCache;
}

/** Fetches a content document; every failure becomes one of the three content errors. */
async function fetchContent(url: string, options: FetchOptions): Promise<Response> {
  const { signal, fetchImpl = fetch, cache } = options;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal,
      headers: { accept: 'application/json' },
      ...(cache ? { cache } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new NetworkError(url);
  }
  if (response.status === 404 || response.status === 410) throw new ContentNotFoundError(url);
  if (!response.ok) throw new NetworkError(url, response.status);
  // Static hosts often answer an unknown path with the app's HTML page and a 200.
  if (response.headers.get('content-type')?.includes('text/html')) {
    throw new ContentNotFoundError(url);
  }
  return response;
}

/** Fetches a JSON document; every failure becomes one of the three content errors. */
export async function fetchJson(url: string, options: FetchOptions = {}): Promise<unknown> {
  const response = await fetchContent(url, options);
  try {
    return await response.json();
  } catch {
    throw new InvalidContentError(url, [NOT_JSON]);
  }
}

/** A full article, or a story known only by its title: the document's `availability` says. */
export async function fetchStory(slug: string, options: FetchOptions = {}): Promise<Story> {
  const url = contentUrls.article(slug);
  const response = await fetchContent(url, options);
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(url);
  }
  // A long story is parsed off the main thread, and checked in slices (content/validate.ts).
  const { parseStoryBytes } = await import('./validate');
  return parseStoryBytes(url, bytes);
}
