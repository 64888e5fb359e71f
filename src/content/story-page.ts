import type { QueryClient } from '@tanstack/react-query';
import type { Story } from './article';
import { articleQueries } from './queries';

/**
 * Everything a story's page needs, in the cache: the story's own document. A title-only story
 * carries what it is related to (the build works that out), so no other request is needed.
 * The route loader and the prefetch on a related link both call this, so a prefetched page
 * opens with no request.
 */
export function ensureStoryPage(queryClient: QueryClient, slug: string): Promise<Story> {
  return queryClient.ensureQueryData(articleQueries.detail(slug));
}
