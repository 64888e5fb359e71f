import { createSlicer } from '../lib/slicer';
import type { Article, ArticleSection } from './article';
import { inlineRuns, inlineText, quoteContent, type InlineNode, type QuoteNode } from './nodes';
import { SENTENCE_END } from './sentences';
import { slugify } from './slug';

/** A quotation as the gallery shows it: the inline node plus where it stands. */
export interface QuoteEntry {
  id: string;
  /** The words, as published; a quotation over several paragraphs has them a space apart. */
  text: string;
  /** The words paragraph by paragraph: one, unless the quotation runs over several. */
  paragraphs: string[];
  /** Who the text says spoke it; undefined when the text attributes it to nobody. */
  speaker?: string;
  /** URL-safe form of the speaker, for the gallery filter. */
  speakerSlug?: string;
  kind: QuoteNode['kind'];
  sectionId: string;
  /** The section's heading; undefined for the opening section. */
  sectionHeading?: string;
  /** The sentence the quotation stands in, as published (quotation marks included). */
  context: string;
}

export interface SpeakerCount {
  speaker: string;
  speakerSlug: string;
  count: number;
}

export function speakerSlug(speaker: string): string {
  return slugify(speaker) || 'unknown';
}

/**
 * Sentence boundaries of a paragraph (sentences.ts), in order. A boundary inside a quotation
 * does not count ("“The war continues. Everyone…” he said." is one sentence); `quoted` is
 * sorted by start.
 */
function sentenceBoundaries(text: string, quoted: readonly [number, number][]): number[] {
  const boundaries: number[] = [];
  let span = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const at = match.index + match[0].length;
    while (span < quoted.length && quoted[span]![1] <= at) span += 1;
    const inside = span < quoted.length && quoted[span]![0] < at;
    if (!inside) boundaries.push(at);
  }
  return boundaries;
}

/** The last boundary at or before `start` and the first at or after `end` (binary search). */
function sentenceAround(text: string, boundaries: readonly number[], start: number, end: number) {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (boundaries[middle]! <= start) low = middle + 1;
    else high = middle;
  }
  const from = low > 0 ? boundaries[low - 1]! : 0;
  let next = low;
  while (next < boundaries.length && boundaries[next]! < end) next += 1;
  const to = next < boundaries.length ? boundaries[next]! : text.length;
  return text.slice(from, to).trim();
}

/** The quotation nodes of a run with their [start, end) offsets in its text. */
function quotesIn(nodes: readonly InlineNode[]) {
  const spans: { node: QuoteNode; text: string; start: number; end: number }[] = [];
  let offset = 0;
  const walk = (list: readonly InlineNode[]) => {
    for (const node of list) {
      if (node.type === 'quote') {
        const text = inlineText(quoteContent(node));
        spans.push({ node, text, start: offset, end: offset + text.length });
        offset += text.length;
      } else if ('content' in node) walk(node.content);
      else offset += node.type === 'break' ? 1 : node.text.length;
    }
  };
  walk(nodes);
  return spans;
}

/** The quotations of one section, in reading order; a continued one joins its first part. */
function sectionQuotes(section: ArticleSection): QuoteEntry[] {
  const entries: QuoteEntry[] = [];
  const byId = new Map<string, QuoteEntry>();
  for (const run of inlineRuns(section.blocks)) {
    const spans = quotesIn(run);
    if (spans.length === 0) continue;
    const text = inlineText(run);
    // Quoted spans including their marks, so boundaries inside them are ignored.
    const quoted = spans.map(({ start, end }): [number, number] => [start - 1, end + 1]);
    const boundaries = sentenceBoundaries(text, quoted);
    for (const { node, text: words, start, end } of spans) {
      const first = node.continued ? byId.get(node.id) : undefined;
      if (first) {
        first.paragraphs.push(words);
        first.text = first.paragraphs.join(' ');
        continue;
      }
      const entry: QuoteEntry = {
        id: node.id,
        text: words,
        paragraphs: [words],
        speaker: node.speaker,
        speakerSlug: node.speaker === undefined ? undefined : speakerSlug(node.speaker),
        kind: node.kind,
        sectionId: section.id,
        sectionHeading: section.heading,
        context: sentenceAround(text, boundaries, start, end),
      };
      byId.set(node.id, entry);
      entries.push(entry);
    }
  }
  return entries;
}

/** Each article's quotations, made once: articles are immutable query data. */
const extracted = new WeakMap<Article, readonly QuoteEntry[]>();

/** Every quotation of an article in reading order, made from its inline quotation nodes. */
export function extractQuotes(article: Article): readonly QuoteEntry[] {
  let entries = extracted.get(article);
  if (!entries) {
    entries = article.sections.flatMap(sectionQuotes);
    extracted.set(article, entries);
  }
  return entries;
}

/**
 * `extractQuotes` ahead of rendering, for loaders: a section at a time, yielding to the browser
 * whenever a slice has run a few milliseconds, so 2,000 quotations are no single long task.
 * `extractQuotes` then answers from the cache.
 */
export async function prepareQuotes(article: Article): Promise<readonly QuoteEntry[]> {
  const cached = extracted.get(article);
  if (cached) return cached;
  const slice = createSlicer();
  const entries: QuoteEntry[] = [];
  for (const section of article.sections) {
    await slice();
    entries.push(...sectionQuotes(section));
  }
  if (!extracted.has(article)) extracted.set(article, entries);
  return extracted.get(article)!;
}

/**
 * Speakers in order of first appearance, with how many quotations each has. Quotations the
 * text attributes to nobody have no speaker to count.
 */
export function countBySpeaker(quotes: readonly QuoteEntry[]): SpeakerCount[] {
  const counts = new Map<string, SpeakerCount>();
  for (const quote of quotes) {
    if (quote.speaker === undefined || quote.speakerSlug === undefined) continue;
    const entry = counts.get(quote.speakerSlug);
    if (entry) entry.count += 1;
    else
      counts.set(quote.speakerSlug, {
        speaker: quote.speaker,
        speakerSlug: quote.speakerSlug,
        count: 1,
      });
  }
  return [...counts.values()];
}
