/**
 * Readable, Unicode-aware slugs: lowercase, letters and digits of every script kept (with their
 * combining marks), punctuation and symbols dropped, runs of spaces and hyphens made one hyphen.
 * This is GitHub's heading-anchor rule, written with Unicode property escapes instead of
 * github-slugger's generated 3 KB (gzip) character table, which first-load JS cannot afford.
 */
export function slugify(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/[\s-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
