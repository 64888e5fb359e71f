import { startTransition, useEffect, useState } from 'react';
import type { Article } from '../../content/article';
import { afterHydration } from '../../lib/scheduling';
import type { HighlightLayer } from './highlight-layer';

interface HighlightsProps {
  article: Article;
  /** The highlight a link asks to land on (the id after `#highlight-`), if any. */
  landOn?: string;
}

/**
 * The reader's highlights in an article: painting them, marking new ones, the story's list.
 * Nothing in it is needed to read, and first-load JS is budgeted, so all of it is one chunk
 * loaded once the app has hydrated and the browser is idle, then rendered in a transition (as
 * the root layout's later notices are); this is all the first load has of it.
 */
export function Highlights({ article, landOn }: HighlightsProps) {
  const [Layer, setLayer] = useState<typeof HighlightLayer | null>(null);
  useEffect(
    () =>
      afterHydration(() =>
        import('./highlight-layer').then((module) =>
          startTransition(() => setLayer(() => module.HighlightLayer)),
        ),
      ),
    [],
  );
  return Layer && <Layer article={article} landOn={landOn} />;
}
