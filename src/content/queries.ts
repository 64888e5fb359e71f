import { queryOptions } from '@tanstack/react-query';
import { fetchEditionPage } from './edition';
import { fetchStory } from './fetchers';

/**
 * The one place query keys are written. `detail` is whatever a story's URL shows: a full
 * article or a title-only story (see `isFullArticle`).
 */
export const articleQueries = {
  all: () => ['articles'] as const,
  detail: (slug: string) =>
    queryOptions({
      queryKey: [...articleQueries.all(), slug] as const,
      queryFn: ({ signal }) => fetchStory(slug, { signal }),
    }),
};

export const editionQueries = {
  all: () => ['edition'] as const,
  page: (page: number) =>
    queryOptions({
      queryKey: [...editionQueries.all(), page] as const,
      queryFn: ({ signal }) => fetchEditionPage(page, { signal }),
    }),
};
