import { useEffect, useRef, useState } from 'react';

/**
 * Renders a long list in batches: the first batch at once (and in prerendered HTML), the next
 * when a sentinel after the list comes near the view. 2,000 quotations cost one batch up front.
 */
export function useIncrementalCount(total: number, batch = 48) {
  const [count, setCount] = useState(batch);
  const sentinel = useRef<HTMLDivElement>(null);
  const shown = Math.min(count, total);

  useEffect(() => {
    const element = sentinel.current;
    if (!element || shown >= total || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setCount((current) => current + batch);
      },
      { rootMargin: '0px 0px 150% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown, total, batch]);

  return { shown, sentinel, showMore: () => setCount((current) => current + batch) };
}
