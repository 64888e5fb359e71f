import { useEffect, useState } from 'react';
import { siteHeaderBottom } from '../../lib/site-header';

/** What the reader does to move on from where a link put them. */
const READER_MOVES = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;

/**
 * The section being read: the first one (in document order) that crosses a band between the
 * sticky header and the upper half of the view. Updated by IntersectionObserver, not by scroll
 * handlers. A section a deep link landed on is current until the reader moves on (wheel, touch,
 * keys, a click): near the end of a page it cannot scroll up into the band.
 */
export function useActiveSection(
  sectionIds: readonly string[],
  landedOn?: string,
): string | undefined {
  const [active, setActive] = useState<string | undefined>(undefined);
  const [movedOnFrom, setMovedOnFrom] = useState<string | undefined>(undefined);
  const key = sectionIds.join(' ');

  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const ids = key.split(' ');
    const visible = new Set<string>();
    const header = siteHeaderBottom();
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

  useEffect(() => {
    if (!landedOn) return;
    const moveOn = () => setMovedOnFrom(landedOn);
    for (const type of READER_MOVES) addEventListener(type, moveOn, { passive: true, once: true });
    return () => {
      for (const type of READER_MOVES) removeEventListener(type, moveOn);
    };
  }, [landedOn]);

  const held = landedOn && movedOnFrom !== landedOn && sectionIds.includes(landedOn);
  return held ? landedOn : active;
}
