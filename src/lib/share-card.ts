/**
 * A share card: the 1200×630 picture a shared link unfurls with. Made only of published text
 * and editorial metadata (a headline, a section title, a quotation and its speaker): Dispatch
 * has no photographs and invents none. The build renders each card to a PNG named by a hash of
 * what it shows (build/share-cards.ts), so a page can name its picture from the same data,
 * in the browser or at build time, without the build telling it.
 */
import { SITE_NAME } from './site';
import { CARDS_DIR } from './site-files';

export type ShareCard =
  | { kind: 'article'; headline: string }
  | { kind: 'section'; headline: string; section: string }
  | { kind: 'quote'; headline: string; text: string; speaker?: string }
  /** A quoted word ("scare quotes") is shown in the sentence it stands in, never alone. */
  | { kind: 'word'; headline: string; context: string }
  /** The site's own card, for words the card's type cannot draw (see `cardImage`). */
  | { kind: 'site' };

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
    case 'site':
      return SITE_NAME;
  }
}

/**
 * What the card's type draws: Source Serif 4's Latin, Cyrillic, Greek and Vietnamese glyphs,
 * every code point of its @fontsource subsets (a unit test reads them). Words in other scripts
 * would come out as empty boxes, and Satori lays out right-to-left text in the wrong order.
 */
const DRAWABLE: readonly (readonly [number, number])[] = [
  [0x0000, 0x02cc],
  [0x02ce, 0x02d7],
  [0x02da, 0x02da],
  [0x02dc, 0x0301],
  [0x0303, 0x0304],
  [0x0308, 0x0309],
  [0x0323, 0x0323],
  [0x0329, 0x0329],
  [0x0370, 0x0377],
  [0x037a, 0x037f],
  [0x0384, 0x038a],
  [0x038c, 0x038c],
  [0x038e, 0x03a1],
  [0x03a3, 0x052f],
  [0x1c80, 0x1c8a],
  [0x1d00, 0x1dbf],
  [0x1e00, 0x1eff],
  [0x2000, 0x206f],
  [0x20a0, 0x20c4],
  [0x2113, 0x2113],
  [0x2116, 0x2116],
  [0x2122, 0x2122],
  [0x2191, 0x2191],
  [0x2193, 0x2193],
  [0x2212, 0x2212],
  [0x2215, 0x2215],
  [0x2c60, 0x2c7f],
  [0x2de0, 0x2dff],
  [0xa640, 0xa69f],
  [0xa720, 0xa7ff],
  [0xfe2e, 0xfe2f],
  [0xfeff, 0xfeff],
  [0xfffd, 0xfffd],
];

export function canDrawText(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (!DRAWABLE.some(([from, to]) => code >= from && code <= to)) return false;
  }
  return true;
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

/** Where the card's PNG is served: with the hashed assets, cached for good. */
export function shareCardPath(card: ShareCard): string {
  return `/${CARDS_DIR}/${shareCardHash(card)}.png`;
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

/**
 * A page's picture. A card whose words the type cannot draw (Arabic, Hebrew, Chinese…) is the
 * site's own card instead, which says only the site's name, and its alt text says the same.
 */
export function cardImage(wanted: ShareCard): ShareImage {
  const card = canDrawText(shareCardText(wanted)) ? wanted : ({ kind: 'site' } as const);
  return {
    path: shareCardPath(card),
    width: SHARE_CARD_WIDTH,
    height: SHARE_CARD_HEIGHT,
    alt: shareCardText(card),
    card,
  };
}
