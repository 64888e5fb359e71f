import type { ShareCard } from './share-card';

/** What a page says about itself in the document head. Built by each route from its data. */
export interface PageHead {
  /** The page's own title; the site name is appended. Omit for the site's front page. */
  title?: string;
  /** Stories that arrived while the page was open, counted before the title: "(2) Dispatch". */
  unseen?: number;
  description?: string;
  /** Path (and hash) of the canonical URL. */
  canonicalPath?: string;
  /** Open Graph type. */
  type?: 'website' | 'article';
  /** Overrides og:title (default: the page title without the site name). */
  socialTitle?: string;
  noindex?: boolean;
  /** Element id the prerendered page scrolls to as it loads (a section's share page). */
  scrollTarget?: string;
  /** Structured data, serialised as JSON-LD. */
  jsonLd?: Record<string, unknown>;
  /**
   * The share picture: a card of the page's own words, for Open Graph, Twitter and the
   * structured data. The head's writers (head-tags.ts) name its file, so the first load, whose
   * head is already written, never computes it.
   */
  card?: ShareCard;
  /**
   * The story's lead picture, cropped for sharing (`lib/pictures.ts`): where a page has one,
   * it is the share picture instead of the card.
   */
  photo?: { id: string; alt: string };
}

/** Trims published text to a description length at a word boundary. */
export function summarise(text: string, maxLength = 180): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ')).replace(/[\s,;:.]+$/, '')}…`;
}
