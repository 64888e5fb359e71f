import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data, useParams, type LoaderFunctionArgs } from 'react-router';
import { ContentNotFoundError } from '../content/errors';
import { editionQueries } from '../content/queries';
import { EditionPage, FrontPage } from '../features/edition/front-page';
import { editionPageHead, frontPageHead } from '../features/edition/front-page-head';
import { NewStoriesNotice, useNewStories } from '../features/edition/new-stories';
import { ContinueReading } from '../features/reading/continue-reading';
import { usePageHead } from '../lib/use-page-head';
import { loadArticle, useFullArticle } from '../content/story-page';
import { ContentError } from './route-error';

/** The page number in the URL: `/` is page 1; `/page/<n>` takes a plain positive number. */
function pageNumber(param: string | undefined): number | undefined {
  if (param === undefined) return 1;
  return /^[1-9]\d{0,5}$/.test(param) ? Number(param) : undefined;
}

export function loader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    const page = pageNumber(params.page);
    if (page === undefined) throw data('Unknown page', { status: 404 });
    try {
      const edition = await queryClient.ensureQueryData(editionQueries.page(page));
      if (page === 1) await loadArticle(queryClient, edition.lead.slug);
    } catch (error) {
      if (error instanceof ContentNotFoundError) throw data('Unknown page', { status: 404 });
      throw error;
    }
    return null;
  };
}

function FrontPageRoute({ page }: { page: number }) {
  const { data: edition } = useSuspenseQuery(editionQueries.page(page));
  const lead = useFullArticle(edition.lead.slug);
  const news = useNewStories(edition);
  // The stories the reader chose to see, marked "New" while the page stays open.
  const [arrived, setArrived] = useState<readonly string[]>([]);
  usePageHead(frontPageHead(lead, news.slugs.length));
  const show = () => {
    // Where the new lead's article cannot load, the notice stays, to be chosen again.
    news.reveal().then(setArrived, () => undefined);
  };
  return (
    <>
      <FrontPage edition={edition} lead={lead} arrived={arrived} />
      <ContinueReading />
      <NewStoriesNotice count={news.slugs.length} onShow={show} />
    </>
  );
}

function EditionPageRoute({ page }: { page: number }) {
  const { data: edition } = useSuspenseQuery(editionQueries.page(page));
  usePageHead(editionPageHead(edition));
  return <EditionPage edition={edition} />;
}

export function Component() {
  const page = pageNumber(useParams().page) ?? 1;
  return page === 1 ? <FrontPageRoute page={page} /> : <EditionPageRoute page={page} />;
}

export function ErrorBoundary() {
  return <ContentError noun="edition" />;
}
