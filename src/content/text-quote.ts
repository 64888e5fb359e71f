/**
 * Where a highlight stands in a story, said so that it survives a correction: the W3C Web
 * Annotation TextQuoteSelector (the exact words, a little of the text either side of them) over
 * the story's readable text, with the offset it had as a hint and the block it started in.
 *
 * The text is the body's, as it renders: one "run" for each piece of text the body shows as a
 * block-level box of its own (a paragraph, in list items and block quotes too; a subheading; a
 * list item shown as inline text; a block quote's attribution; a table's caption and each cell;
 * a preformatted block; a figure's caption, then a space, then its credit). Runs are a newline
 * apart, across blocks and sections alike; an empty one is no run. The headline, standfirst,
 * section headings and related stories are not in it, nor a missing picture's alt text standing
 * in its place (a description, not the published text flow). `features/highlights/dom-text.ts`
 * reads the same string from the rendered body, so an offset means the same in both.
 *
 * Re-anchoring is conservative, since a highlight on the wrong words is worse than one listed
 * as "could not be placed". Every place the exact words now stand, anywhere in the story (a
 * section can be renamed, a paragraph moved), is a candidate; the text either side of it is
 * held against the stored prefix and suffix. A side matches in full when all of it is there, or
 * when the story itself begins (or ends) where the matching stops. The quote is placed:
 * 1. at a candidate whose two sides match in full; of several (the story has the words and
 *    their context twice, which no selector tells apart), the nearest to the position hint,
 *    the earlier of two as near (so a copy that moved further than halfway to the other is
 *    taken for it: the same words, in the same context);
 * 2. else at the words' only place in the story, when they are not a word or two that could
 *    stand anywhere (at least 3 words or 16 characters) and one side matches in full: the
 *    text changed on the other side only;
 * 3. nowhere, otherwise: several places with neither in full context, or a lone short phrase,
 *    or a lone one whose context changed on both sides (it could be a phrase the story repeats,
 *    whose highlighted copy was reworded: the words left elsewhere are not the ones marked).
 * Whatever places a quote satisfies `text.slice(start, end) === exact`.
 *
 * Cost: one comparison when nothing before the words changed; a search in a window around
 * their old place when text before them grew or shrank (most highlights after an edit); one or
 * two reads of the whole story only for words that moved far, lost their context or are gone.
 * 500 highlights on a story of 100,000 characters: about 2 ms after a few edits, under 20 ms
 * against a story they are not in (`npm run bench:highlights`).
 */
import { blockAnchor, type Article } from './article';
import { inlineText, type Block } from './nodes';

/** A top-level block of a section and the span of its runs in the story's text. */
export interface StoryTextBlock {
  /** `blockAnchor(sectionId, index)`: the block's reading-position anchor. */
  anchor: string;
  sectionId: string;
  /** Its first run's start; an empty block has `start === end`, where its text would be. */
  start: number;
  end: number;
}

/** The story's readable text as the article body renders it, and where each top-level block's text lies in it. */
export interface StoryText {
  text: string;
  blocks: StoryTextBlock[];
}

/** A highlight's place: a W3C Web Annotation TextQuoteSelector, with two hints of our own. */
export interface TextQuote {
  /** The selected text. */
  exact: string;
  /** Up to CONTEXT characters before it (fewer at the story's start). */
  prefix: string;
  /** Up to CONTEXT characters after it (fewer at the story's end). */
  suffix: string;
  /** Its start offset in `StoryText.text` when made: a hint only. */
  position: number;
  /** `blockAnchor(sectionId, index)` of the top-level block where it starts. */
  anchor: string;
}

/** How much text either side of a quote it keeps: enough to tell apart repeated words. */
export const CONTEXT = 32;

/** Words this long (or this many) are unlikely to stand elsewhere by chance (rule 2). */
const DISTINCT_CHARACTERS = 16;
const DISTINCT_WORDS = 3;

/** How far either side of its old place a quote is first looked for (see `nearest`). */
const NEAR = 1024;

/** The runs of a block, in the order the body renders them (see the module's comment). */
function blockRuns(block: Block, runs: string[]): void {
  switch (block.type) {
    case 'paragraph':
      runs.push(inlineText(block.content));
      break;
    case 'subheading':
    case 'preformatted':
      runs.push(block.text);
      break;
    case 'list':
      // An item of a lone paragraph shows its text inline in the `li`: one run all the same.
      for (const item of block.items) for (const child of item) blockRuns(child, runs);
      break;
    case 'blockquote':
      for (const child of block.blocks) blockRuns(child, runs);
      if (block.attribution) runs.push(inlineText(block.attribution));
      break;
    case 'table':
      if (block.caption) runs.push(inlineText(block.caption));
      for (const rows of [block.head, block.body, block.foot ?? []])
        for (const row of rows) for (const cell of row) runs.push(inlineText(cell.content));
      break;
    case 'figure':
      // One figcaption: the caption, the space the body puts between them, the credit.
      runs.push(
        (block.caption ? inlineText(block.caption) : '') +
          (block.caption && block.credit ? ' ' : '') +
          (block.credit ?? ''),
      );
      break;
  }
}

export function storyText(article: Pick<Article, 'sections'>): StoryText {
  let text = '';
  const blocks: StoryTextBlock[] = [];
  const runs: string[] = [];
  for (const section of article.sections) {
    section.blocks.forEach((block, index) => {
      runs.length = 0;
      blockRuns(block, runs);
      let start = -1;
      for (const run of runs) {
        if (!run) continue;
        if (text) text += '\n';
        if (start < 0) start = text.length;
        text += run;
      }
      blocks.push({
        anchor: blockAnchor(section.id, index),
        sectionId: section.id,
        start: start < 0 ? text.length : start,
        end: text.length,
      });
    });
  }
  return { text, blocks };
}

/** The block whose text holds the character at `offset`, if any (a separator is in none). */
function blockAt(blocks: readonly StoryTextBlock[], offset: number): StoryTextBlock | undefined {
  // The last block starting at or before the offset; empty blocks before it hold nothing.
  let low = 0;
  let high = blocks.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (blocks[middle]!.start <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  for (let index = found; index >= 0; index -= 1) {
    const block = blocks[index]!;
    if (block.start <= offset && offset < block.end) return block;
    if (block.end <= offset && block.start < block.end) return undefined;
  }
  return undefined;
}

const isSpace = (character: string | undefined) => character !== undefined && /\s/.test(character);

/** null when start>=end, out of range, only whitespace, or the range crosses from one section to another. Trims leading/trailing whitespace of the range first. */
export function quoteSelector(story: StoryText, start: number, end: number): TextQuote | null {
  const { text } = story;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
  if (start < 0 || end > text.length || start >= end) return null;
  while (start < end && isSpace(text[start])) start += 1;
  while (end > start && isSpace(text[end - 1])) end -= 1;
  if (start >= end) return null;
  const first = blockAt(story.blocks, start);
  const last = blockAt(story.blocks, end - 1);
  if (!first || !last || first.sectionId !== last.sectionId) return null;
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT), start),
    suffix: text.slice(end, end + CONTEXT),
    position: start,
    anchor: first.anchor,
  };
}

/** How many characters of `prefix` end the text just before `at`. */
function matchBefore(text: string, at: number, prefix: string): number {
  let count = 0;
  while (
    count < prefix.length &&
    count < at &&
    text.charCodeAt(at - 1 - count) === prefix.charCodeAt(prefix.length - 1 - count)
  )
    count += 1;
  return count;
}

/** How many characters of `suffix` begin the text at `at`. */
function matchAfter(text: string, at: number, suffix: string): number {
  let count = 0;
  while (
    count < suffix.length &&
    at + count < text.length &&
    text.charCodeAt(at + count) === suffix.charCodeAt(count)
  )
    count += 1;
  return count;
}

interface Fit {
  prefixFull: boolean;
  suffixFull: boolean;
}

/** How the text around a place of the exact words agrees with the quote's context. */
function fitAt(text: string, at: number, quote: TextQuote): Fit {
  const end = at + quote.exact.length;
  const before = matchBefore(text, at, quote.prefix);
  const after = matchAfter(text, end, quote.suffix);
  return {
    // In full: all of it, or all there is when the story begins (ends) where matching stops.
    prefixFull: before === quote.prefix.length || before === at,
    suffixFull: after === quote.suffix.length || end + after === text.length,
  };
}

/**
 * The place of `needle` nearest `from`, the earlier of two as near, or -1. It looks in windows
 * around `from` that grow eightfold (up to `reachAtMost` characters either side), so words that
 * moved a little (the common case after an edit) are found without reading the whole story:
 * nothing outside a window is nearer than a place found in it.
 */
function nearest(text: string, needle: string, from: number, reachAtMost = Infinity): number {
  for (let reach = NEAR; reach <= reachAtMost; reach *= 8) {
    const low = Math.max(0, from - reach);
    const high = Math.min(text.length, Math.max(0, from + reach) + needle.length);
    const window = text.slice(low, high);
    let best = -1;
    for (let at = window.indexOf(needle); at >= 0; at = window.indexOf(needle, at + 1)) {
      const place = low + at;
      if (best < 0 || Math.abs(place - from) < Math.abs(best - from)) best = place;
      // Those after it are farther still.
      if (place >= from) break;
    }
    if (best >= 0 || (low === 0 && high === text.length)) return best;
  }
  return -1;
}

function isDistinct(exact: string): boolean {
  return (
    exact.length >= DISTINCT_CHARACTERS || (exact.match(/\S+/g)?.length ?? 0) >= DISTINCT_WORDS
  );
}

/** Where the quote stands now, or null: "could not be placed". See the module's comment. */
export function anchorQuote(
  story: StoryText,
  quote: TextQuote,
): { start: number; end: number } | null {
  const { text } = story;
  const { exact, prefix, suffix } = quote;
  if (!exact) return null;
  const length = exact.length;
  const hint = Number.isFinite(quote.position) ? Math.trunc(quote.position) : 0;
  const placed = (start: number) => ({ start, end: start + length });
  const inFull = (at: number) => {
    const fit = fitAt(text, at, quote);
    return fit.prefixFull && fit.suffixFull;
  };

  // Nothing changed around it: the common case, and no search.
  if (hint >= 0 && text.startsWith(exact, hint) && inFull(hint)) return placed(hint);

  // Rule 1. The words with all of their context are one search, near the hint first; near the
  // story's edges, where less context than stored may be all there is, the few places there
  // are held to it.
  let best = -1;
  const consider = (at: number) => {
    const distance = Math.abs(at - hint);
    const bestDistance = Math.abs(best - hint);
    if (best < 0 || distance < bestDistance || (distance === bestDistance && at < best)) best = at;
  };
  const needle = prefix + exact + suffix;
  let found = nearest(text, needle, hint - prefix.length, NEAR);
  if (found < 0) {
    // Not close by: are the words anywhere at all? One read of the story, where a story that
    // lost them (or never had them) would take two or three.
    if (!text.includes(exact)) return null;
    found = nearest(text, needle, hint - prefix.length);
  }
  if (found >= 0) consider(found + prefix.length);
  for (let at = 0; at < prefix.length && at + length <= text.length; at += 1)
    if (text.startsWith(exact, at) && inFull(at)) consider(at);
  for (
    let at = Math.max(0, text.length - suffix.length - length + 1);
    at + length <= text.length;
    at += 1
  )
    if (text.startsWith(exact, at) && inFull(at)) consider(at);
  if (best >= 0) return placed(best);

  // Rule 2. The only place of distinctive words, their context intact on one side.
  const only = text.indexOf(exact);
  if (only < 0 || text.indexOf(exact, only + 1) >= 0 || !isDistinct(exact)) return null;
  const fit = fitAt(text, only, quote);
  return fit.prefixFull || fit.suffixFull ? placed(only) : null;
}

/** The section a quote's anchor names (anchor is `${sectionId}/${index}`, split at the LAST '/'). */
export function quoteSectionId(quote: Pick<TextQuote, 'anchor'>): string {
  const slash = quote.anchor.lastIndexOf('/');
  return slash < 0 ? quote.anchor : quote.anchor.slice(0, slash);
}
