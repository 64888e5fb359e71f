import type { Article } from '../../content/article';
import { siteHeaderBottom } from '../../lib/site-header';
import { readingPosition, saveReadingPosition, type ReadingPosition } from './reading-positions';

/** How long the position waits after the reader moves before it is written. */
const SAVE_DELAY_MS = 800;

function anchorElement(anchor: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`.article-body [data-anchor="${CSS.escape(anchor)}"]`);
}

/** Puts the paragraph at the top of the view, below the header, and moves focus to it. */
export function landOn(anchor: string): void {
  const element = anchorElement(anchor);
  if (!element) return;
  element.setAttribute('tabindex', '-1');
  element.scrollIntoView({ block: 'start' });
  element.focus({ preventScroll: true });
}

export interface TrackerOptions {
  article: Article;
  blocks: readonly { anchor: string; words: number }[];
  deepLinked: boolean;
  /** The index of the paragraph at the top of the view. */
  onCurrent: (index: number) => void;
  onOffer: (position: ReadingPosition) => void;
}

/**
 * Watches the paragraphs (an IntersectionObserver: no work on scroll events), reports the one
 * at the top of the view, and keeps it as the reading position (the start of the story is no
 * position). Offers the remembered position unless a deep link chose the place. Returns the
 * cleanup.
 */
export function startReadingTracker({
  article,
  blocks,
  deepLinked,
  onCurrent,
  onOffer,
}: TrackerOptions): () => void {
  // Without IntersectionObserver (old browsers, test DOMs) there is no tracking, only reading.
  if (typeof IntersectionObserver === 'undefined') return () => {};
  const { slug } = article;
  const title = article.headline.text;
  const byAnchor = new Map<string, HTMLElement>();
  for (const element of document.querySelectorAll<HTMLElement>('.article-body [data-anchor]')) {
    byAnchor.set(element.dataset.anchor!, element);
  }
  const elements = blocks.map((block) => byAnchor.get(block.anchor) ?? null);
  const total = blocks.reduce((sum, block) => sum + block.words, 0) || 1;
  const wordsBefore = (index: number) =>
    blocks.slice(0, index).reduce((sum, block) => sum + block.words, 0);
  const visible = new Set<number>();
  let top: number | null = null;
  let reachedEnd = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const save = () => {
    clearTimeout(timer);
    timer = undefined;
    if (top === null) return;
    // At the foot of the page the story is read, even where its last paragraph can never
    // reach the top of the view.
    const root = document.documentElement;
    if (window.scrollY + window.innerHeight >= root.scrollHeight - 2) reachedEnd = true;
    // Back at the start, the place the reader reached is kept: it is still worth offering.
    if (top === 0 && !reachedEnd) return;
    saveReadingPosition({
      slug,
      title,
      anchor: blocks[top]!.anchor,
      progress: reachedEnd ? 1 : wordsBefore(top) / total,
      finished: reachedEnd,
      updatedAt: new Date().toISOString(),
    });
  };

  const header = siteHeaderBottom();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const index = elements.indexOf(entry.target as HTMLElement);
        if (entry.isIntersecting) visible.add(index);
        else visible.delete(index);
      }
      if (visible.size === 0) return;
      top = Math.min(...visible);
      if (top === elements.length - 1) reachedEnd = true;
      onCurrent(top);
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    },
    { rootMargin: `-${Math.round(header)}px 0px 0px 0px` },
  );
  for (const element of elements) if (element) observer.observe(element);

  const saved = readingPosition(slug);
  // A fragment is a deep link too, though the page learns of it only after hydrating.
  const fragment = window.location.hash.length > 1;
  if (
    !deepLinked &&
    !fragment &&
    saved &&
    !saved.finished &&
    saved.anchor !== blocks[0]?.anchor &&
    byAnchor.has(saved.anchor)
  ) {
    onOffer(saved);
  }
  const flush = () => {
    if (timer !== undefined) save();
  };
  window.addEventListener('pagehide', flush);
  return () => {
    flush();
    observer.disconnect();
    window.removeEventListener('pagehide', flush);
  };
}
