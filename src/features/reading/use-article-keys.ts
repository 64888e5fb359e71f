import { useEffect, useRef } from 'react';
import { afterHydration } from '../../lib/scheduling';

/**
 * An article's keys (`j`, `k`: next and previous section; `s`: save or unsave the story; see
 * article-keys.ts). Nothing on the page needs them to be read, and first-load JS is budgeted,
 * so their code loads once the page has hydrated and the browser is idle.
 */
export function useArticleKeys(toggleSaved: () => void): void {
  const toggle = useRef(toggleSaved);
  useEffect(() => {
    toggle.current = toggleSaved;
  });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let active = true;
    const cancel = afterHydration(async () => {
      const { listenForArticleKeys } = await import('./article-keys');
      if (active) stop = listenForArticleKeys(() => toggle.current());
    });
    return () => {
      active = false;
      cancel();
      stop?.();
    };
  }, []);
}
