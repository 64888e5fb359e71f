import { createContext, useContext, useEffect } from 'react';
import type { PageHead } from './head';
import { afterHydration } from './scheduling';

/** Server only: the prerender step reads the head of the page it rendered from here. */
export interface HeadCollector {
  report: (head: PageHead) => void;
}

export const HeadCollectorContext = createContext<HeadCollector | null>(null);

/**
 * Declares the page's head. Pages and error pages call it once; the deepest call wins. In the
 * browser it updates the document head; during prerendering it hands the head to the collector.
 */
export function usePageHead(head: PageHead): void {
  const collector = useContext(HeadCollectorContext);
  collector?.report(head);
  const key = JSON.stringify(head);
  useEffect(() => {
    let current = true;
    // The tag-writing code loads on demand, once the page is idle: a prerendered page already
    // has its head, and after a navigation the page's own h1 has the reader's focus.
    const cancelLoad = afterHydration(async () => {
      const { applyHead } = await import('./head-tags');
      if (current) applyHead(JSON.parse(key) as PageHead);
    });
    return () => {
      current = false;
      cancelLoad();
    };
  }, [key]);
}
