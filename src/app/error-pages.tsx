import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { paths } from '../lib/paths';
import { usePageHead } from '../lib/use-page-head';
import { SiteHeader, SkipLink } from './root-layout';

export function NotFoundPage() {
  usePageHead({ title: 'Page not found', noindex: true });
  return (
    <ErrorMessage
      title="Page not found"
      actions={<Link to={paths.home.build()}>Go to the front page</Link>}
    >
      <p>There is no page at this address. It may have been mistyped, or the link may be broken.</p>
    </ErrorMessage>
  );
}

/** Shown while the first page's data loads when there is no prerendered HTML for it. */
export function LoadingPage() {
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <p className="loading" role="status">
          Loading…
        </p>
      </main>
    </>
  );
}

/** A chunk that 404s after a deploy: the page is older than the server's build. */
function isStaleChunk(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  );
}

/** Last line of defence: replaces the whole page, so it draws its own header. */
export function RootErrorBoundary() {
  const error = useRouteError();
  const stale = isStaleChunk(error);
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  usePageHead({ title: notFound ? 'Page not found' : 'Something went wrong', noindex: true });
  if (!notFound) console.error(error);
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {notFound ? (
          <NotFoundPage />
        ) : (
          <ErrorMessage
            title={stale ? 'Dispatch has been updated' : 'Something went wrong'}
            actions={
              <>
                <button type="button" onClick={() => window.location.reload()}>
                  Reload the page
                </button>
                <a href={paths.home.build()}>Go to the front page</a>
              </>
            }
          >
            <p>
              {stale
                ? 'A newer version of Dispatch is available. Reload to carry on reading.'
                : 'This page could not be shown. Reloading usually helps.'}
            </p>
          </ErrorMessage>
        )}
      </main>
    </>
  );
}
