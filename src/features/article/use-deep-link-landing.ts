import { useLayoutEffect, useRef } from 'react';
import { useLocation, useNavigationType } from 'react-router';
import { claimNavigation, prefersReducedMotion, savedScroll } from '../../lib/scroll-memory';

/**
 * Lands on a deep link (a section or a quotation): scrolls it to the top of the view, below the
 * sticky header (CSS scroll-margin-top), and moves focus to it. A cold load is already in
 * place (the browser scrolls to a fragment; share-form pages scroll with an inline script), so
 * nothing moves after load. A same-page jump scrolls smoothly unless reduced motion is asked
 * for; back/forward leaves the restored position alone.
 *
 * `focusTarget` maps the target element to what takes focus (a section's heading). An id the
 * page has no element for is left alone: the caller tells the reader.
 */
export function useDeepLinkLanding(
  targetId: string | undefined,
  focusTarget: (element: HTMLElement) => HTMLElement = (element) => element,
): void {
  const location = useLocation();
  const navigationType = useNavigationType();
  const previousPath = useRef<string | null>(null);
  // Until the reader navigates, this is the entry the page was loaded with. A fragment appears
  // only once the app has hydrated: that second run is still the cold load, not a back/forward.
  const firstKey = useRef(location.key);
  const navigated = useRef(false);

  useLayoutEffect(() => {
    const previous = previousPath.current;
    previousPath.current = location.pathname;
    if (location.key !== firstKey.current) navigated.current = true;
    const coldLoad = !navigated.current;
    const element = targetId ? document.getElementById(targetId) : null;
    if (!element) return;
    const restoring = navigationType === 'POP' && savedScroll(location.key) !== undefined;
    if (!coldLoad && restoring) return;
    claimNavigation(location.key);

    const margin = parseFloat(getComputedStyle(element).scrollMarginTop) || 0;
    const box = element.getBoundingClientRect();
    const offBy = Math.abs(box.top - margin);
    // On a cold load the browser may have placed the target itself (a text fragment centres
    // it): if it is in full view, leave it there.
    const inView = box.top >= margin - 2 && box.bottom <= window.innerHeight;
    if (offBy > 2 && !(coldLoad && inView)) {
      const samePage = !coldLoad && previous === location.pathname;
      element.scrollIntoView({
        block: 'start',
        behavior: samePage && !prefersReducedMotion() ? 'smooth' : 'instant',
      });
    }
    focusTarget(element).focus({ preventScroll: true });
    // focusTarget is a mapping, not a reason to land again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [location.key, targetId, navigationType]);
}
