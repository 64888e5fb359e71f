import type { ArticleDocument } from './schema.ts';

/**
 * The edition's order: newest first; stories with no date follow, by slug, so the order never
 * depends on the disk. The edition's pages (ingest/edition.ts) and its feeds (build/feeds.ts)
 * list stories in it.
 */
export function byNewest(
  a: Pick<ArticleDocument, 'slug' | 'published'>,
  b: Pick<ArticleDocument, 'slug' | 'published'>,
): number {
  if (a.published && b.published)
    return b.published.localeCompare(a.published) || a.slug.localeCompare(b.slug);
  if (a.published) return -1;
  if (b.published) return 1;
  return a.slug.localeCompare(b.slug);
}
