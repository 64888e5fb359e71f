import { useEffect, useState } from 'react';

/**
 * The section being read: the first one (in document order) that crosses a band between the
 * sticky header and the upper half of the view. Updated by IntersectionObserver, not by scroll
 * handlers. Until the observer reports, a deep-link target counts as current.
 */
export function useActiveSection(
  sectionIds: readonly string[],
  landedOn?: string,
): string | undefined {
  const [active, setActive] = useState<string | undefined>(undefined);
  const key = sectionIds.join(' ');

  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const ids = key.split(' ');
    const visible = new Set<string>();
    const header = document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) visible.add(entry.target.id);
          else visible.delete(entry.target.id);
        }
        const first = ids.find((id) => visible.has(id));
        if (first) setActive(first);
      },
      { rootMargin: `-${Math.round(header) + 1}px 0px -55% 0px` },
    );
    for (const id of ids) {
      const element = document.getElementById(id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [key]);

  return active ?? (landedOn && sectionIds.includes(landedOn) ? landedOn : undefined);
}
