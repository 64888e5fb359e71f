import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { data, useParams, type LoaderFunctionArgs } from 'react-router';
import * as v from 'valibot';
import { ContentNotFoundError } from '../content/errors';
import { articleQueries } from '../content/queries';
import { slugSchema } from '../content/schema';
import { articleHead } from '../features/article/article-head';
import { ArticleView } from '../features/article/article-view';
import { usePageHead } from '../lib/use-page-head';
import { ContentError } from './route-error';

/** Loads an article into the cache, or throws a 404 the error boundary shows. */
export async function loadArticle(queryClient: QueryClient, slug: string | undefined) {
  if (!v.is(slugSchema, slug)) throw data('Unknown article', { status: 404 });
  try {
    return await queryClient.ensureQueryData(articleQueries.detail(slug));
  } catch (error) {
    if (error instanceof ContentNotFoundError) throw data('Unknown article', { status: 404 });
    throw error;
  }
}

/**
 * Loaders prime the React Query cache and return null: components read the cache, and the
 * router's hydration data stays tiny (the prerendered page embeds the cache once).
 */
export function loader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await loadArticle(queryClient, params.slug);
    return null;
  };
}

export function Component() {
  const { slug = '' } = useParams();
  const { data: article } = useSuspenseQuery(articleQueries.detail(slug));
  usePageHead(articleHead(article));
  return <ArticleView article={article} />;
}

export function ErrorBoundary() {
  return <ContentError noun="article" />;
}
