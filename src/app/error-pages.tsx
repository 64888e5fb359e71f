import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { useOnline } from '../features/offline/use-online';
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

/**
 * A chunk of the app that did not load: it 404s after a deploy (the page is older than the
 * server's build), or the connection dropped. The error does not say which.
 */
function isChunkFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
      error.message,
    )
  );
}

/** What the root error page says: what went wrong, as far as the page can tell. */
function rootErrorMessage(error: unknown, online: boolean): { title: string; body: string } {
  if (!isChunkFailure(error)) {
    return {
      title: 'Something went wrong',
      body: 'This page could not be shown. Reloading usually helps.',
    };
  }
  return online
    ? {
        title: 'Part of Dispatch did not load',
        body: 'Dispatch may have been updated since this page opened, or the connection dropped. Reload to carry on reading.',
      }
    : {
        title: 'You’re offline',
        body: 'This page needs a part of Dispatch that is not on this device yet. Reload once you are back online.',
      };
}

/** Last line of defence: replaces the whole page, so it draws its own header. */
export function RootErrorBoundary() {
  const error = useRouteError();
  const online = useOnline();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  usePageHead({ title: notFound ? 'Page not found' : 'Something went wrong', noindex: true });
  if (!notFound) console.error(error);
  const message = rootErrorMessage(error, online);
  return (
    <>
      <SkipLink />
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        {notFound ? (
          <NotFoundPage />
        ) : (
          <ErrorMessage
            title={message.title}
            actions={
              <>
                <button type="button" onClick={() => window.location.reload()}>
                  Reload the page
                </button>
                <a href={paths.home.build()}>Go to the front page</a>
              </>
            }
          >
            <p>{message.body}</p>
          </ErrorMessage>
        )}
      </main>
    </>
  );
}
