import { useEffect, useLayoutEffect, useRef } from 'react';
import { useLocation, useNavigationType } from 'react-router';
import {
  isNavigationClaimed,
  persistScrollPositions,
  rememberScroll,
  savedScroll,
} from '../lib/scroll-memory';

/** One page whether or not its path ends in a slash (`/articles/x/quotes/` is the gallery too). */
function samePage(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/**
 * Scroll and focus after navigation, in place of React Router's ScrollRestoration (which would
 * scroll to a hash itself, instantly, before a page can land on it its own way):
 * - back/forward restores the position the entry had;
 * - a new page starts at the top, and focus moves to its h1;
 * - a cold load is left to the browser (it already placed the page, hash included);
 * - a page that lands on a deep link claims the navigation and does both itself.
 */
export function useScrollManager(): void {
  const location = useLocation();
  const navigationType = useNavigationType();
  const currentKey = useRef(location.key);
  const previousPath = useRef<string | null>(null);

  useEffect(() => {
    window.history.scrollRestoration = 'manual';
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => rememberScroll(currentKey.current, window.scrollY));
    };
    const onPageHide = () => {
      persistScrollPositions();
      // Let the browser restore the position itself on reload and from the back-forward cache.
      window.history.scrollRestoration = 'auto';
    };
    const onPageShow = () => {
      window.history.scrollRestoration = 'manual';
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('pagehide', onPageHide);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('pagehide', onPageHide);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, []);

  useLayoutEffect(() => {
    currentKey.current = location.key;
    const previous = previousPath.current;
    previousPath.current = location.pathname;
    if (previous === null || isNavigationClaimed(location.key)) return;

    const newPage = !samePage(previous, location.pathname);
    const saved = navigationType === 'POP' ? savedScroll(location.key) : undefined;
    if (saved !== undefined) window.scrollTo(0, saved);
    else if (newPage) window.scrollTo(0, 0);

    if (newPage) {
      document.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
    }
  }, [location.key, location.pathname, navigationType]);
}
