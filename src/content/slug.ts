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
