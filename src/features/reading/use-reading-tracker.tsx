import { startTransition, useEffect, useMemo, useState } from 'react';
import { blockWords, minutesFor, type Article } from '../../content/article';
import { afterHydration } from '../../lib/scheduling';
import type { ReadingPosition } from './reading-positions';

/**
 * Follows the reader through an article: which paragraph is at the top of the view (an
 * IntersectionObserver on the paragraphs, so no work on scroll events), the minutes left from
 * there, and where to pick up next time. Offers to resume where they stopped, unless a deep
 * link chose the place: a shared section link always lands on its section.
 */
export function useReadingTracker(article: Article, deepLinked: boolean) {
  const blocks = useMemo(() => blockWords(article), [article]);
  const [minutesLeft, setMinutesLeft] = useState<number | null>(null);
  const [offer, setOffer] = useState<ReadingPosition | null>(null);

  useEffect(() => {
    let stop: (() => void) | undefined;
    let cancelled = false;
    // The tracker loads on demand, once the page is idle: none of it is needed to read.
    const cancelLoad = afterHydration(async () => {
      const { startReadingTracker } = await import('./reading-tracker');
      if (cancelled) return;
      stop = startReadingTracker({
        article,
        blocks,
        deepLinked,
        // The minutes left are not urgent: a transition, which React may render in slices. The
        // start of the story shows none, so reaching it (the first report) renders nothing.
        onCurrent: (current) =>
          startTransition(() =>
            setMinutesLeft(
              current === 0
                ? null
                : minutesFor(blocks.slice(current).reduce((sum, block) => sum + block.words, 0)),
            ),
          ),
        onOffer: setOffer,
      });
    });
    // For the front page's "Updated" note: the reader has seen the story as it is now. A task
    // of its own, after the tracker's, which it never delays.
    const cancelOpened = afterHydration(async () => {
      const { markOpened } = await import('./last-opened');
      markOpened(article.slug);
    });
    return () => {
      cancelled = true;
      cancelLoad();
      cancelOpened();
      stop?.();
      // The next article's minutes come with its tracker's first report.
      setMinutesLeft(null);
    };
    // One tracker an article; a deep link only matters when the article opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [article.slug, blocks]);

  return {
    minutesLeft,
    offer,
    resume() {
      setOffer(null);
      if (offer) void import('./reading-tracker').then(({ landOn }) => landOn(offer.anchor));
    },
    dismiss: () => setOffer(null),
  };
}
