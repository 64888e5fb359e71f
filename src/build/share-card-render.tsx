/**
 * Draws a share card (src/lib/share-card.ts) as a 1200×630 PNG: Satori lays the card out and
 * writes it as SVG, with every glyph as a path, then resvg rasterizes the SVG. Node only: the
 * fonts are read from node_modules once per process, and nothing is fetched at render time.
 *
 * The type is Source Serif 4 (@fontsource, SIL OFL), the nearest open relative of the site's
 * Charter. Each Unicode subset of it is its own family, listed in `fontFamily`: Satori falls back
 * to another font for a missing glyph only across families, so subsets sharing one name would
 * draw Cyrillic as empty boxes.
 *
 * Every block of text has a fixed room: its size steps down with its length, then the lines
 * that still don't fit are cut with an ellipsis (`lineClamp`), and `overflowWrap: 'anywhere'`
 * breaks a word wider than the card, so nothing leaves the frame.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { CSSProperties, ReactNode } from 'react';
import { renderAsync } from '@resvg/resvg-js';
import satori, { type Font } from 'satori';
import { SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, type ShareCard } from '../lib/share-card';
import { SITE_NAME } from '../lib/site';

// The site's light colours (src/styles/global.css).
const PAPER = '#fdfcf9';
const INK = '#1b1b1b';
const MUTED = '#555049';
const RULE = '#d9d4ca';
const ACCENT = '#a3141d';

/** Source Serif 4's subsets, each a family of its own; the list is the card's `fontFamily`. */
const SUBSETS = [
  ['latin', 'Card Latin'],
  ['latin-ext', 'Card LatinExt'],
  ['cyrillic', 'Card Cyrillic'],
  ['cyrillic-ext', 'Card CyrillicExt'],
  ['greek', 'Card Greek'],
  ['vietnamese', 'Card Vietnamese'],
] as const;
const FONT_FAMILY = SUBSETS.map(([, family]) => family).join(', ');
const WEIGHTS = [400, 700] as const;

let fonts: Font[] | undefined;

/** The WOFF files, read once; Satori is handed the same array every time, so it parses them once. */
function loadFonts(): Font[] {
  if (!fonts) {
    const resolve = createRequire(import.meta.url).resolve;
    fonts = SUBSETS.flatMap(([subset, name]) =>
      WEIGHTS.map((weight) => ({
        name,
        weight,
        style: 'normal' as const,
        data: readFileSync(
          resolve(
            `@fontsource/source-serif-4/files/source-serif-4-${subset}-${weight}-normal.woff`,
          ),
        ),
      })),
    );
  }
  return fonts;
}

// The frame: a red rule at the top, the text in the middle, the wordmark at the foot.
const MARGIN_X = 80;
const TOP_RULE = 12;
const FOOTER = 96;
const PAD_TOP = 48;
const PAD_BOTTOM = 36;
const TEXT_WIDTH = SHARE_CARD_WIDTH - 2 * MARGIN_X;
/** The height of the text area between the top rule and the footer. */
const TEXT_HEIGHT = SHARE_CARD_HEIGHT - TOP_RULE - FOOTER - PAD_TOP - PAD_BOTTOM;

/**
 * More characters than any block can show, even in its smallest size and narrowest letters: a
 * longer text is cut here before layout, which is slow for very long text, and ends in an
 * ellipsis anyway.
 */
const MAX_CHARACTERS = 2000;

function capped(text: string): string {
  const characters = [...text];
  return characters.length <= MAX_CHARACTERS
    ? text
    : `${characters.slice(0, MAX_CHARACTERS).join('')}…`;
}

/** The first step whose length limit the text is within; the last step takes any length. */
function stepFor(text: string, steps: readonly (readonly [number, number])[]): number {
  const length = [...text].length;
  for (const [maxLength, size] of steps) if (length <= maxLength) return size;
  return steps[steps.length - 1]![1];
}

/** Line height in whole pixels, as Satori rounds it anyway. */
function lineHeightOf(fontSize: number, leading: number): number {
  return Math.round(fontSize * leading);
}

/**
 * A block of text that keeps to `maxLines`: cut with an ellipsis after them, and a word wider
 * than the block is broken anywhere.
 */
function Lines(props: {
  text: string;
  fontSize: number;
  leading: number;
  maxLines: number;
  style?: CSSProperties;
}): ReactNode {
  const lineHeight = lineHeightOf(props.fontSize, props.leading);
  const maxLines = Math.max(1, props.maxLines);
  return (
    <div
      style={{
        display: 'block',
        width: '100%',
        maxHeight: lineHeight * maxLines,
        overflow: 'hidden',
        fontSize: props.fontSize,
        lineHeight: `${lineHeight}px`,
        lineClamp: maxLines,
        textOverflow: 'ellipsis',
        overflowWrap: 'anywhere',
        wordBreak: 'break-word',
        ...props.style,
      }}
    >
      {capped(props.text)}
    </div>
  );
}

/** How many lines of this size fit in `height`. */
function linesIn(height: number, fontSize: number, leading: number): number {
  return Math.max(1, Math.floor(height / lineHeightOf(fontSize, leading)));
}

function Frame(props: { children: ReactNode }): ReactNode {
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        width: SHARE_CARD_WIDTH,
        height: SHARE_CARD_HEIGHT,
        backgroundColor: PAPER,
        color: INK,
        fontFamily: FONT_FAMILY,
        fontWeight: 400,
      }}
    >
      <div style={{ display: 'flex', flexShrink: 0, height: TOP_RULE, backgroundColor: ACCENT }} />
      <div
        style={{
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'center',
          flexShrink: 0,
          boxSizing: 'border-box',
          height: SHARE_CARD_HEIGHT - TOP_RULE - FOOTER,
          padding: `${PAD_TOP}px ${MARGIN_X}px ${PAD_BOTTOM}px`,
          overflow: 'hidden',
        }}
      >
        {props.children}
      </div>
      <div
        style={{
          display: 'flex',
          alignItems: 'center',
          flexShrink: 0,
          boxSizing: 'border-box',
          height: FOOTER,
          margin: `0 ${MARGIN_X}px`,
          borderTop: `2px solid ${RULE}`,
        }}
      >
        <div
          style={{
            display: 'flex',
            width: 14,
            height: 34,
            marginRight: 16,
            backgroundColor: ACCENT,
          }}
        />
        <div style={{ display: 'flex', fontSize: 40, fontWeight: 700, letterSpacing: '-0.01em' }}>
          {SITE_NAME}
        </div>
      </div>
    </div>
  );
}

// Sizes by length in characters: [up to this many, font size in px].
const HEADLINE_STEPS = [
  [40, 80],
  [75, 70],
  [110, 60],
  [160, 52],
  [220, 44],
  [Infinity, 38],
] as const;
const HEADLINE_LEADING = 1.12;

function ArticleCard(props: { headline: string }): ReactNode {
  const fontSize = stepFor(props.headline, HEADLINE_STEPS);
  return (
    <Lines
      text={props.headline}
      fontSize={fontSize}
      leading={HEADLINE_LEADING}
      maxLines={linesIn(TEXT_HEIGHT, fontSize, HEADLINE_LEADING)}
      style={{ fontWeight: 700, letterSpacing: '-0.01em' }}
    />
  );
}

const SECTION_STEPS = [
  [30, 72],
  [60, 60],
  [100, 50],
  [Infinity, 42],
] as const;
const SECTION_LEADING = 1.12;
/** The story's headline under a section title or a quotation. */
const BYLINE_SIZE = 30;
const BYLINE_LEADING = 1.3;
const BYLINE_LINES = 2;
const ACCENT_RULE = { height: 6, width: 72, gap: 28 };

function SectionCard(props: { section: string; headline: string }): ReactNode {
  const fontSize = stepFor(props.section, SECTION_STEPS);
  const below =
    2 * ACCENT_RULE.gap +
    ACCENT_RULE.height +
    BYLINE_LINES * lineHeightOf(BYLINE_SIZE, BYLINE_LEADING);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width: '100%' }}>
      <Lines
        text={props.section}
        fontSize={fontSize}
        leading={SECTION_LEADING}
        maxLines={linesIn(TEXT_HEIGHT - below, fontSize, SECTION_LEADING)}
        style={{ fontWeight: 700, letterSpacing: '-0.01em' }}
      />
      <div
        style={{
          display: 'flex',
          width: ACCENT_RULE.width,
          height: ACCENT_RULE.height,
          margin: `${ACCENT_RULE.gap}px 0`,
          backgroundColor: ACCENT,
        }}
      />
      <Lines
        text={props.headline}
        fontSize={BYLINE_SIZE}
        leading={BYLINE_LEADING}
        maxLines={BYLINE_LINES}
        style={{ color: MUTED }}
      />
    </div>
  );
}

const QUOTE_STEPS = [
  [90, 60],
  [150, 52],
  [220, 44],
  [300, 38],
  [Infinity, 32],
] as const;
const QUOTE_LEADING = 1.3;
/** The column left of the quotation that holds the big red opening quotation mark. */
const QUOTE_GUTTER = 120;
const SPEAKER_SIZE = 30;
const SPEAKER_LEADING = 1.25;
const ATTRIBUTION_GAP = 28;
const QUOTE_BYLINE_SIZE = 26;

/** The story's headline, in muted type, under a quotation. */
function StoryLine(props: { headline: string }): ReactNode {
  return (
    <Lines
      text={props.headline}
      fontSize={QUOTE_BYLINE_SIZE}
      leading={BYLINE_LEADING}
      maxLines={BYLINE_LINES}
      style={{ color: MUTED }}
    />
  );
}

function QuoteCard(props: {
  text: string;
  speaker: string | undefined;
  headline: string;
}): ReactNode {
  const fontSize = stepFor(props.text, QUOTE_STEPS);
  const speakerHeight = props.speaker ? lineHeightOf(SPEAKER_SIZE, SPEAKER_LEADING) + 6 : 0;
  const attribution =
    ATTRIBUTION_GAP +
    speakerHeight +
    BYLINE_LINES * lineHeightOf(QUOTE_BYLINE_SIZE, BYLINE_LEADING);
  return (
    <div style={{ display: 'flex', flexDirection: 'row', width: '100%' }}>
      <div
        style={{
          display: 'flex',
          flexShrink: 0,
          width: QUOTE_GUTTER,
          height: 150,
          marginTop: -14,
          fontSize: 220,
          lineHeight: '220px',
          fontWeight: 700,
          color: ACCENT,
        }}
      >
        “
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', width: TEXT_WIDTH - QUOTE_GUTTER }}>
        <Lines
          text={props.text}
          fontSize={fontSize}
          leading={QUOTE_LEADING}
          maxLines={linesIn(TEXT_HEIGHT - attribution, fontSize, QUOTE_LEADING)}
        />
        <div style={{ display: 'flex', flexDirection: 'column', marginTop: ATTRIBUTION_GAP }}>
          {props.speaker ? (
            <Lines
              text={props.speaker}
              fontSize={SPEAKER_SIZE}
              leading={SPEAKER_LEADING}
              maxLines={1}
              style={{ fontWeight: 700, marginBottom: 6 }}
            />
          ) : null}
          <StoryLine headline={props.headline} />
        </div>
      </div>
    </div>
  );
}

/** A quoted word in the sentence it stands in: the narrator's words, so no quotation mark. */
function WordCard(props: { context: string; headline: string }): ReactNode {
  const fontSize = stepFor(props.context, QUOTE_STEPS);
  const byline = ATTRIBUTION_GAP + BYLINE_LINES * lineHeightOf(QUOTE_BYLINE_SIZE, BYLINE_LEADING);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', width: TEXT_WIDTH }}>
      <Lines
        text={props.context}
        fontSize={fontSize}
        leading={QUOTE_LEADING}
        maxLines={linesIn(TEXT_HEIGHT - byline, fontSize, QUOTE_LEADING)}
      />
      <div style={{ display: 'flex', flexDirection: 'column', marginTop: ATTRIBUTION_GAP }}>
        <StoryLine headline={props.headline} />
      </div>
    </div>
  );
}

function CardContent(props: { card: ShareCard }): ReactNode {
  const { card } = props;
  switch (card.kind) {
    case 'article':
      return <ArticleCard headline={card.headline} />;
    case 'section':
      return <SectionCard section={card.section} headline={card.headline} />;
    case 'quote':
      return <QuoteCard text={card.text} speaker={card.speaker} headline={card.headline} />;
    case 'word':
      return <WordCard context={card.context} headline={card.headline} />;
    case 'site':
      return (
        <Lines
          text={SITE_NAME}
          fontSize={HEADLINE_STEPS[0][1]}
          leading={HEADLINE_LEADING}
          maxLines={1}
          style={{ fontWeight: 700, letterSpacing: '-0.01em' }}
        />
      );
  }
}

/**
 * The card as SVG. By default (`embedFont: true`) every glyph is a path, which the PNG needs;
 * `embedFont: false` keeps the words as `<text>` elements, to check what the card says.
 */
export async function renderShareCardSvg(
  card: ShareCard,
  options: { embedFont?: boolean } = {},
): Promise<string> {
  return satori(
    <Frame>
      <CardContent card={card} />
    </Frame>,
    {
      width: SHARE_CARD_WIDTH,
      height: SHARE_CARD_HEIGHT,
      fonts: loadFonts(),
      embedFont: options.embedFont ?? true,
    },
  );
}

/** The card as SVG (glyphs as paths) and as a 1200×630 PNG. */
export async function renderShareCard(card: ShareCard): Promise<{ svg: string; png: Buffer }> {
  const svg = await renderShareCardSvg(card);
  // The SVG has no text left, only paths, so resvg needs no fonts; it rasterizes on libuv's pool.
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false },
    background: PAPER,
  });
  return { svg, png: image.asPng() };
}
