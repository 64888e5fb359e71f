import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { data, useParams, type LoaderFunctionArgs } from 'react-router';
import * as v from 'valibot';
import { ContentNotFoundError } from '../content/errors';
import { articleQueries } from '../content/queries';
import { slugSchema } from '../content/schema';
import { ArticleView } from '../features/article/article-view';
import { pageTitle, useDocumentTitle } from '../lib/use-document-title';
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

export function loader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => loadArticle(queryClient, params.slug);
}

export function Component() {
  const { slug = '' } = useParams();
  const { data: article } = useSuspenseQuery(articleQueries.detail(slug));
  useDocumentTitle(pageTitle(article.headline.text));
  return <ArticleView article={article} />;
}

export function ErrorBoundary() {
  return <ContentError noun="article" />;
}
