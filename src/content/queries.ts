import { queryOptions } from '@tanstack/react-query';
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
      // The edition's schema loads with the pages that list it, not with every first load.
      queryFn: async ({ signal }) => (await import('./edition')).fetchEditionPage(page, { signal }),
    }),
  /**
   * The front page's list as the server has it now, asked for again while the front page is
   * open (features/edition/new-stories.tsx), apart from the list the page shows. Each check
   * asks whether the browser's copy is current; a failed one waits for the next check.
   */
  latest: () =>
    queryOptions({
      queryKey: [...editionQueries.all(), 'latest'] as const,
      queryFn: async ({ signal }) =>
        (await import('./edition')).fetchEditionPage(1, { signal, cache: 'no-cache' }),
      retry: false,
      // About this visit, not the page: never embedded in a prerendered page.
      meta: { browserOnly: true },
    }),
};
