import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { editionQueries } from '../content/queries';
import { FrontPage } from '../features/edition/front-page';
import { frontPageHead } from '../features/edition/front-page-head';
import { usePageHead } from '../lib/use-page-head';
import { loadArticle, useFullArticle } from './article';
import { ContentError } from './route-error';

export function loader(queryClient: QueryClient) {
  return async () => {
    const edition = await queryClient.ensureQueryData(editionQueries.current());
    await loadArticle(queryClient, edition.lead);
    return null;
  };
}

function useFrontPageData() {
  const { data: edition } = useSuspenseQuery(editionQueries.current());
  const lead = useFullArticle(edition.lead);
  return { edition, lead };
}

export function Component() {
  const { edition, lead } = useFrontPageData();
  usePageHead(frontPageHead(lead));
  return <FrontPage edition={edition} lead={lead} />;
}

export function ErrorBoundary() {
  return <ContentError noun="edition" />;
}
