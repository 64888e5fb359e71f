import { queryOptions } from '@tanstack/react-query';
import { fetchEdition, fetchStory } from './fetchers';

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
  current: () =>
    queryOptions({
      queryKey: ['edition'] as const,
      queryFn: ({ signal }) => fetchEdition({ signal }),
    }),
};
