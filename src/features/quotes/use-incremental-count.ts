import { startTransition, useEffect, useRef, useState } from 'react';

/** The first batch of a list: about a screenful. */
export const FIRST_BATCH = 12;

/**
 * Renders a long list in batches: the first, about a screenful, at once (and in prerendered
 * HTML); the next when a sentinel after the list comes near the view, or when the reader asks
 * for more. A batch the sentinel asks for renders as a transition, which React interrupts to
 * keep input and scrolling smooth. A new list (`listKey`: a filter changed) starts again from
 * the first batch.
 */
export function useIncrementalCount(
  total: number,
  listKey: string,
  first = FIRST_BATCH,
  batch = 24,
) {
  const [state, setState] = useState({ listKey, count: first });
  const count = state.listKey === listKey ? state.count : first;
  if (state.listKey !== listKey) setState({ listKey, count: first });
  const sentinel = useRef<HTMLDivElement>(null);
  const shown = Math.min(count, total);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || shown >= total || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        observer.disconnect();
        startTransition(() => setState({ listKey, count: shown + batch }));
      },
      { rootMargin: '0px 0px 150% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown, total, batch, listKey]);

  return {
    shown,
    sentinel,
    showMore: () => setState({ listKey, count: shown + batch }),
  };
}
