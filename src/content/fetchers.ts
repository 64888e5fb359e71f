import * as v from 'valibot';
import { toArticle, type Article } from './article';
import { ContentNotFoundError, InvalidContentError, NetworkError } from './errors';
import { articleSchema, editionSchema, type Edition } from './schema';

/** Where content JSON lives, below the site's base URL. */
export const contentUrls = {
  edition: () => `${import.meta.env.BASE_URL}content/edition.json`,
  article: (slug: string) =>
    `${import.meta.env.BASE_URL}content/articles/${encodeURIComponent(slug)}.json`,
};

/**
 * Fetches JSON and parses it with a schema: unknown data never passes this boundary unchecked.
 * `fetchImpl` lets the prerender step read from disk through the same code path.
 */
export async function fetchContent<TSchema extends v.GenericSchema>(
  url: string,
  schema: TSchema,
  options: { signal?: AbortSignal; fetchImpl?: typeof fetch } = {},
): Promise<v.InferOutput<TSchema>> {
  const { signal, fetchImpl = fetch } = options;
  let response: Response;
  try {
    response = await fetchImpl(url, { signal, headers: { accept: 'application/json' } });
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

  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new InvalidContentError(url, [{ path: '', message: 'not valid JSON' }]);
  }
  const result = v.safeParse(schema, json);
  if (!result.success) {
    const issues = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message: issue.message,
    }));
    throw new InvalidContentError(url, issues);
  }
  return result.output;
}

export type FetchOptions = Parameters<typeof fetchContent>[2];

export async function fetchArticle(slug: string, options?: FetchOptions): Promise<Article> {
  return toArticle(await fetchContent(contentUrls.article(slug), articleSchema, options));
}

export function fetchEdition(options?: FetchOptions): Promise<Edition> {
  return fetchContent(contentUrls.edition(), editionSchema, options);
}
