/**
 * Readable, Unicode-aware slugs: lowercase, letters and digits of every script kept (with their
 * combining marks), punctuation and symbols dropped, runs of spaces and hyphens made one hyphen.
 * This is GitHub's heading-anchor rule, written with Unicode property escapes instead of
 * github-slugger's generated 3 KB (gzip) character table, which first-load JS cannot afford.
 *
 * ASCII text, which most slugs and headings are, takes a path with the same result and no
 * Unicode classes: a page's first use of that expression compiles it, 8–22 ms at 4× CPU
 * slowdown, and checking the route's slug made that part of the app's start.
 */
export function slugify(text: string): string {
  const kept = isAscii(text)
    ? text.toLowerCase().replace(/[^a-z0-9\s_-]/g, '')
    : text
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '');
  return kept
    .trim()
    .replace(/[\s-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isAscii(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (text.charCodeAt(index) > 0x7f) return false;
  }
  return true;
}

/** A slug is its own slug: non-empty, and what slugify leaves unchanged. */
export function isSlug(text: string): boolean {
  return text !== '' && text.length <= MAX_SLUG_LENGTH && slugify(text) === text;
}

export const MAX_SLUG_LENGTH = 100;

/** A slug for a title: slugify, cut at a hyphen so it stays within MAX_SLUG_LENGTH. */
export function slugForTitle(title: string): string {
  const slug = slugify(title);
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
  const end = cut.lastIndexOf('-');
  return (end > 0 ? cut.slice(0, end) : cut.slice(0, MAX_SLUG_LENGTH)).replace(/-+$/, '');
}
