import { useEffect, useRef } from 'react';
import { afterHydration } from '../../lib/scheduling';
import type { ArticleKeys } from './article-keys';

/**
 * An article's keys (`j`, `k`: next and previous section; `s`: save or unsave the story; see
 * article-keys.ts). Nothing on the page needs them to be read, and first-load JS is budgeted,
 * so their code loads once the page has hydrated and the browser is idle.
 */
export function useArticleKeys(keys: ArticleKeys): void {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    let stop: (() => void) | undefined;
    let active = true;
    const cancel = afterHydration(async () => {
      const { listenForArticleKeys } = await import('./article-keys');
      if (active) stop = listenForArticleKeys(() => current.current);
    });
    return () => {
      active = false;
      cancel();
      stop?.();
    };
  }, []);
}
