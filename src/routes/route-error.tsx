import { lazy, Suspense, useEffect } from 'react';
import { isRouteErrorResponse, Link, useRevalidator, useRouteError } from 'react-router';
import { ErrorMessage } from '../components/error-message';
import { InvalidContentError, NetworkError } from '../content/errors';
import { useOnline } from '../features/offline/use-online';
import { paths } from '../lib/paths';
import { usePageHead } from '../lib/use-page-head';

// Loaded only when a page cannot be fetched: the saved stories that open without a connection.
const SavedOfflineList = lazy(() =>
  import('../features/offline/saved-offline-list').then((module) => ({
    default: module.SavedOfflineList,
  })),
);

interface ContentErrorProps {
  /** What the page shows, for messages: "article", "edition". */
  noun: string;
}

/**
 * The per-route error boundary for pages built from content: missing, invalid, unreachable,
 * or broken while rendering. Each case says what happened and offers a way on.
 */
export function ContentError({ noun }: ContentErrorProps) {
  const error = useRouteError();
  const revalidator = useRevalidator();
  const online = useOnline();
  const networkError = error instanceof NetworkError;

  // Back online: the page the reader asked for loads by itself.
  const { revalidate } = revalidator;
  useEffect(() => {
    if (!networkError) return;
    const retry = () => void revalidate();
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [networkError, revalidate]);
  const home = <Link to={paths.home.build()}>Go to the front page</Link>;

  useEffect(() => {
    if (error instanceof InvalidContentError) {
      for (const issue of error.issues) {
        console.error(
          `Invalid ${noun} data at ${error.url}: ${issue.path || '(root)'}: ${issue.message}`,
        );
      }
    } else if (!(isRouteErrorResponse(error) || error instanceof NetworkError)) {
      console.error(error);
    }
  }, [error, noun]);

  let title: string;
  let body: string;
  let actions = home;
  if (isRouteErrorResponse(error) && error.status === 404) {
    title = `${capitalise(noun)} not found`;
    body = `We could not find this ${noun}. The link may be wrong, or the ${noun} may have been removed.`;
  } else if (error instanceof InvalidContentError) {
    title = `This ${noun}’s data is invalid`;
    body = `The ${noun} arrived, but its data is damaged, so we cannot show it. The problem has been logged.`;
  } else if (networkError && !online) {
    title = 'You’re offline';
    body = `This ${noun} was not saved for reading offline. It will load when you are back online.`;
    actions = <Link to={paths.saved.build()}>Go to your saved stories</Link>;
  } else if (networkError) {
    title = `We could not load this ${noun}`;
    body = 'Check your connection, then try again.';
    actions = (
      <>
        <button
          type="button"
          onClick={() => void revalidator.revalidate()}
          disabled={revalidator.state === 'loading'}
        >
          {revalidator.state === 'loading' ? 'Trying again…' : 'Try again'}
        </button>
        {home}
      </>
    );
  } else {
    title = 'Something went wrong';
    body = `This ${noun} could not be shown.`;
    actions = (
      <>
        <button type="button" onClick={() => window.location.reload()}>
          Reload the page
        </button>
        {home}
      </>
    );
  }
  usePageHead({ title, noindex: true });
  return (
    <ErrorMessage title={title} actions={actions}>
      <p>{body}</p>
      {networkError ? (
        <Suspense fallback={null}>
          <SavedOfflineList />
        </Suspense>
      ) : null}
    </ErrorMessage>
  );
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
