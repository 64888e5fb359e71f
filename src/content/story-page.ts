import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { data } from 'react-router';
import { isFullArticle, type Article, type Story } from './article';
import { ContentNotFoundError } from './errors';
import { articleQueries } from './queries';
import { isSlug } from './slug';

/**
 * Everything a story's page needs, in the cache: the story's own document. A title-only story
 * carries what it is related to (the build works that out), so no other request is needed.
 * The route loader and the prefetch on a related link both call this, so a prefetched page
 * opens with no request.
 */
export function ensureStoryPage(queryClient: QueryClient, slug: string): Promise<Story> {
  return queryClient.ensureQueryData(articleQueries.detail(slug));
}

/** A 404 the route's error boundary shows: "Unknown article", "Unknown section"… */
export const notFound = (what: string) => data(`Unknown ${what}`, { status: 404 });

/**
 * The route loaders' step: loads a story's page into the cache, or throws a 404. Shared by every
 * route that shows a story (the article, its sections and quotations, the front page's lead).
 */
export async function loadStory(queryClient: QueryClient, slug: string | undefined) {
  if (slug === undefined || !isSlug(slug)) throw notFound('article');
  try {
    return await ensureStoryPage(queryClient, slug);
  } catch (error) {
    if (error instanceof ContentNotFoundError) throw notFound('article');
    throw error;
  }
}

/** Like loadStory, for pages that need the full text (sections, quotes, the front page's lead). */
export async function loadArticle(queryClient: QueryClient, slug: string | undefined) {
  const story = await loadStory(queryClient, slug);
  if (!isFullArticle(story)) throw notFound('article');
  return story;
}

/** For routes whose loader made sure the story is a full article. */
export function useFullArticle(slug: string): Article {
  const story = useSuspenseQuery(articleQueries.detail(slug)).data;
  if (!isFullArticle(story)) throw new Error(`${slug} is not a full article`);
  return story;
}
