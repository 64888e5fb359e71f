import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { editionQueries } from '../content/queries';
import { SearchPage } from '../features/search/search-page';
import { paths } from '../lib/paths';
import { useHydrated } from '../lib/use-hydrated';
import { usePageHead } from '../lib/use-page-head';
import { ContentError } from './route-error';

/** The front page's list, for readers without JavaScript: the way on from the search page. */
export function loader(queryClient: QueryClient) {
  return async () => {
    await queryClient.ensureQueryData(editionQueries.page(1));
    return null;
  };
}

export function Component() {
  const [searchParams] = useSearchParams();
  // The prerendered page has no query; the query applies once the app runs.
  const hydrated = useHydrated();
  const query = hydrated ? (searchParams.get('q') ?? '') : '';
  const { data: edition } = useSuspenseQuery(editionQueries.page(1));
  usePageHead({
    title: query.trim() ? `Search: ${query.trim()}` : 'Search',
    description: 'Search every story of the edition, down to the section.',
    canonicalPath: paths.search.build(),
    noindex: true,
  });
  const stories = [
    edition.lead,
    ...edition.stories.map(({ slug, headline }) => ({ slug, headline })),
  ];
  return <SearchPage query={query} stories={stories} />;
}

export function ErrorBoundary() {
  return <ContentError noun="search page" />;
}
