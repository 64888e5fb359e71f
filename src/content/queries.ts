import { queryOptions } from '@tanstack/react-query';
import { fetchArticle, fetchEdition } from './fetchers';

/** The one place query keys are written. Loaders, components and prefetching all use these. */
export const articleQueries = {
  all: () => ['articles'] as const,
  detail: (slug: string) =>
    queryOptions({
      queryKey: [...articleQueries.all(), slug] as const,
      queryFn: ({ signal }) => fetchArticle(slug, { signal }),
    }),
};

export const editionQueries = {
  current: () =>
    queryOptions({
      queryKey: ['edition'] as const,
      queryFn: ({ signal }) => fetchEdition({ signal }),
    }),
};
