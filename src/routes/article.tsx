import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import {
  data,
  Link,
  useLocation,
  useParams,
  useRouteError,
  isRouteErrorResponse,
  type LoaderFunctionArgs,
} from 'react-router';
import * as v from 'valibot';
import { ErrorMessage } from '../components/error-message';
import { findSection } from '../content/article';
import { ContentNotFoundError } from '../content/errors';
import { articleQueries } from '../content/queries';
import { slugSchema } from '../content/schema';
import { articleHead, sectionHead } from '../features/article/article-head';
import { ArticleView } from '../features/article/article-view';
import { paths } from '../lib/paths';
import { useHydrated } from '../lib/use-hydrated';
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

/** `/articles/:slug/sections/:sectionId`: the whole article, landed on one section. */
export function sectionLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    const article = await loadArticle(queryClient, params.slug);
    if (!findSection(article, params.sectionId ?? '')) {
      throw data('Unknown section', { status: 404 });
    }
    return null;
  };
}

function useArticle() {
  const { slug = '' } = useParams();
  return useSuspenseQuery(articleQueries.detail(slug)).data;
}

/** The deep-link target from the URL's fragment, once hydrated (the server never sees it). */
function useHashTarget(): string | undefined {
  const { hash } = useLocation();
  const hydrated = useHydrated();
  if (!hydrated || !hash || hash === '#') return undefined;
  // Browsers without text fragments leave the `:~:text=` directive in the hash.
  const fragment = hash.slice(1).split(':~:')[0] ?? '';
  try {
    return decodeURIComponent(fragment) || undefined;
  } catch {
    return fragment || undefined;
  }
}

export function Component() {
  const article = useArticle();
  usePageHead(articleHead(article));
  return <ArticleView article={article} targetId={useHashTarget()} />;
}

export function SectionComponent() {
  const article = useArticle();
  const { sectionId = '' } = useParams();
  const hashTarget = useHashTarget();
  const section = findSection(article, sectionId)!;
  usePageHead(sectionHead(article, section));
  return <ArticleView article={article} targetId={hashTarget ?? section.id} />;
}

export function ErrorBoundary() {
  return <ContentError noun="article" />;
}

/** An unknown section of a known article links back to the article. */
export function SectionErrorBoundary() {
  const error = useRouteError();
  const unknownSection =
    isRouteErrorResponse(error) && error.status === 404 && error.data === 'Unknown section';
  return unknownSection ? <SectionNotFound /> : <ContentError noun="article" />;
}

function SectionNotFound() {
  const { slug = '' } = useParams();
  usePageHead({ title: 'Section not found', noindex: true });
  return (
    <ErrorMessage
      title="Section not found"
      actions={
        <>
          <Link to={paths.article.build(slug)}>Read the whole article</Link>
          <Link to={paths.home.build()}>Go to the front page</Link>
        </>
      }
    >
      <p>This article has no such section. It may have been renamed; the article is still here.</p>
    </ErrorMessage>
  );
}
