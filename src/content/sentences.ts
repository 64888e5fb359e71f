/**
 * Where a sentence of published text ends, in one place: a page's description takes the first
 * sentence of a section (features/article/article-head.ts), and a quotation's context is the
 * sentence it stands in (quotes.ts). Both read the same boundaries.
 *
 * A sentence ends at `.`, `!` or `?`, maybe closed by a quotation mark, where space and then a
 * capital or an opening quotation mark follow: "It rained. Then" ends one, "3.5 per cent" and
 * "e.g. the plan" do not. The end of the text ends its last sentence.
 *
 * The module is in the first-load chunk (the description is), so it holds no more than that.
 */

/** Each sentence end of a text (with `matchAll`), without what must follow it. */
export const SENTENCE_END = /[.!?][”’"]?(?=\s+[\p{Lu}“"‘])/gu;

/** The first sentence of a text, trimmed: up to its first sentence end, else all of it. */
export function firstSentence(text: string): string {
  const [end] = text.matchAll(SENTENCE_END);
  return (end ? text.slice(0, end.index + end[0].length) : text).trim();
}
