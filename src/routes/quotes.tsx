import type { QueryClient } from '@tanstack/react-query';
import {
  data,
  isRouteErrorResponse,
  Link,
  useParams,
  useRouteError,
  useSearchParams,
  type LoaderFunctionArgs,
  type ShouldRevalidateFunction,
} from 'react-router';
import { useMemo } from 'react';
import { ErrorMessage } from '../components/error-message';
import { extractQuotes, prepareQuotes } from '../content/quotes';
import { QuoteGallery } from '../features/quotes/quote-gallery';
import { QuotePageView } from '../features/quotes/quote-page-view';
import { galleryHead, quoteHead } from '../features/quotes/quotes-head';
import { paths } from '../lib/paths';
import { usePageHead } from '../lib/use-page-head';
import { loadArticle, useFullArticle } from '../content/story-page';
import { ContentError } from './route-error';

export function galleryLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    // The quotations are made here, in slices, not in one long task while rendering.
    await prepareQuotes(await loadArticle(queryClient, params.slug));
    return null;
  };
}

/**
 * The speaker filter is the gallery's own search parameter: choosing a speaker shows other
 * cards of the same article, already loaded, so it does not run the loader again.
 */
export const galleryShouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) => (currentUrl.pathname === nextUrl.pathname ? false : defaultShouldRevalidate);

export function quoteLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    const article = await loadArticle(queryClient, params.slug);
    if (!(await prepareQuotes(article)).some((quote) => quote.id === params.quoteId)) {
      throw data('Unknown quote', { status: 404 });
    }
    return null;
  };
}

function useArticle() {
  const { slug = '' } = useParams();
  return useFullArticle(slug);
}

export function GalleryComponent() {
  const article = useArticle();
  const [searchParams] = useSearchParams();
  const quotes = useMemo(() => extractQuotes(article), [article]);
  usePageHead(galleryHead(article));
  return (
    <QuoteGallery
      article={article}
      quotes={quotes}
      speaker={searchParams.get('speaker') ?? undefined}
    />
  );
}

export function QuoteComponent() {
  const article = useArticle();
  const { quoteId } = useParams();
  const quote = extractQuotes(article).find((entry) => entry.id === quoteId)!;
  usePageHead(quoteHead(article, quote));
  return <QuotePageView article={article} quote={quote} />;
}

export function GalleryErrorBoundary() {
  return <ContentError noun="article" />;
}

/** An unknown quotation of a known article links to the article's gallery. */
export function QuoteErrorBoundary() {
  const error = useRouteError();
  const unknownQuote =
    isRouteErrorResponse(error) && error.status === 404 && error.data === 'Unknown quote';
  return unknownQuote ? <QuoteNotFound /> : <ContentError noun="article" />;
}

function QuoteNotFound() {
  const { slug = '' } = useParams();
  usePageHead({ title: 'Quote not found', noindex: true });
  return (
    <ErrorMessage
      title="Quote not found"
      actions={
        <>
          <Link to={paths.quotes.build(slug)}>See all quotes from this story</Link>
          <Link to={paths.article.build(slug)}>Read the article</Link>
        </>
      }
    >
      <p>This article has no such quotation. The link may be wrong or out of date.</p>
    </ErrorMessage>
  );
}
