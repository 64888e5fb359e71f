/**
 * Where a sentence of published text ends, in one place: a page's description takes the first
 * sentence of a section (features/article/article-head.ts), and a quotation's context is the
 * sentence it stands in (quotes.ts). Both read the same boundaries.
 *
 * A sentence ends at `.`, `!` or `?`, maybe closed by a quotation mark, where space and then a
 * capital or an opening quotation mark follow: "It rained. Then" ends one, "3.5 per cent" and
 * "e.g. the plan" do not. The end of the text ends its last sentence.
 */

/** A sentence's end, with what must follow it (not taken). */
const SENTENCE_END = /[.!?][”’"]?(?=\s+[\p{Lu}“"‘])/u;
const SENTENCE_ENDS = new RegExp(SENTENCE_END.source, 'gu');

/** The offsets just after each sentence's end, in order; the text's own end is not one. */
export function sentenceEnds(text: string): number[] {
  return Array.from(text.matchAll(SENTENCE_ENDS), (match) => match.index + match[0].length);
}

/** The first sentence of a text, trimmed: up to its first sentence end, else all of it. */
export function firstSentence(text: string): string {
  const match = SENTENCE_END.exec(text);
  return (match ? text.slice(0, match.index + match[0].length) : text).trim();
}
