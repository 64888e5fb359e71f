/**
 * A share card: the 1200×630 picture a shared link unfurls with. Made only of published text
 * and editorial metadata (a headline, a section title, a quotation and its speaker): Dispatch
 * has no photographs and invents none. The build renders each card to a PNG named by a hash of
 * what it shows (server/share-cards.ts), so a page can name its picture from the same data,
 * in the browser or at build time, without the build telling it.
 */
import { SITE_NAME } from './site';

export type ShareCard =
  | { kind: 'article'; headline: string }
  | { kind: 'section'; headline: string; section: string }
  | { kind: 'quote'; headline: string; text: string; speaker?: string }
  /** A quoted word ("scare quotes") is shown in the sentence it stands in, never alone. */
  | { kind: 'word'; headline: string; context: string };

export const SHARE_CARD_WIDTH = 1200;
export const SHARE_CARD_HEIGHT = 630;

/**
 * Changes whenever the cards' design does (layout, type, colours), so every card gets a new
 * name and no cache, the build's or a reader's, keeps an old picture.
 */
export const SHARE_CARD_DESIGN = 1;

/** The words on the card, in reading order: its `og:image:alt`. */
export function shareCardText(card: ShareCard): string {
  switch (card.kind) {
    case 'article':
      return `${card.headline} · ${SITE_NAME}`;
    case 'section':
      return `${card.section} · ${card.headline} · ${SITE_NAME}`;
    case 'quote':
      return `“${card.text}” ${card.speaker ? `${card.speaker} · ` : ''}${card.headline} · ${SITE_NAME}`;
    case 'word':
      return `${card.context} · ${card.headline} · ${SITE_NAME}`;
  }
}

/**
 * A 64-bit FNV-1a hash of the card's content and design, as 16 hex digits: small, the same in
 * Node and the browser, and plenty to tell a few thousand cards apart.
 */
export function shareCardHash(card: ShareCard): string {
  const input = JSON.stringify([SHARE_CARD_DESIGN, card]);
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Where the card's PNG is served: under /assets/, with the hashed files cached for good. */
export function shareCardPath(card: ShareCard): string {
  return `/assets/cards/${shareCardHash(card)}.png`;
}

/** A page's picture, for its head tags; the build renders `card` to `path`. */
export interface ShareImage {
  path: string;
  width: number;
  height: number;
  /** The words on the picture. */
  alt: string;
  card: ShareCard;
}

export function cardImage(card: ShareCard): ShareImage {
  return {
    path: shareCardPath(card),
    width: SHARE_CARD_WIDTH,
    height: SHARE_CARD_HEIGHT,
    alt: shareCardText(card),
    card,
  };
}
