import { createHash } from 'node:crypto';
import type { Edition, EditionStory } from '../content/edition.ts';
import { forEachInline } from '../content/nodes.ts';
import type { ArticleDocument, RelatedStory, TitleOnlyStory } from '../content/schema.ts';
import { contentPaths } from '../content/content-paths.ts';
import { byNewest } from '../content/edition-order.ts';
import { slugForTitle } from '../content/slug.ts';
import { buildArticle, type PictureLookup } from './build-story.ts';
import { Diagnostics, IngestError, type IngestWarning } from './errors.ts';
import type { EditionMeta } from './meta.ts';
import { parseSource, type StorySource } from './content-dir.ts';

/** Stories a page of the edition lists. */
export const STORIES_PER_PAGE = 20;

/** The generated content, by path below `/content/`. */
export type ContentFiles = Map<string, unknown>;

/** Titles match when they read the same, whatever the case, spacing or curly quotes. */
function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Links each related title to a story of the edition with that headline; the others become
 * title-only stories, each once, with what lists them. A title-only slug never takes a full
 * story's URL.
 */
function resolveRelated(articles: ArticleDocument[]): TitleOnlyStory[] {
  const byTitle = new Map(
    articles.map((article) => [titleKey(article.headline.text), article.slug]),
  );
  const taken = new Set(articles.map((article) => article.slug));
  const titleOnly = new Map<string, TitleOnlyStory>();
  for (const article of articles) {
    article.related = article.related.map(({ title }): RelatedStory => {
      const key = titleKey(title);
      const full = byTitle.get(key);
      if (full) return { slug: full, title };
      let story = titleOnly.get(key);
      if (!story) {
        const base = slugForTitle(title) || 'related-story';
        let slug = base;
        for (let n = 2; taken.has(slug); n += 1) slug = `${base}-${n}`;
        taken.add(slug);
        story = {
          slug,
          availability: 'title-only',
          headline: { text: title, origin: 'published' },
          relatedTo: [],
          others: [],
        };
        titleOnly.set(key, story);
      }
      return { slug: story.slug, title };
    });
  }
  const bySlug = new Map([...titleOnly.values()].map((story) => [story.slug, story]));
  for (const article of articles) {
    for (const { slug } of article.related) {
      const story = bySlug.get(slug);
      if (!story || story.relatedTo.some((entry) => entry.slug === article.slug)) continue;
      story.relatedTo.push({ slug: article.slug, headline: article.headline.text });
      for (const other of article.related) {
        if (other.slug !== slug && !story.others.some((entry) => entry.slug === other.slug)) {
          story.others.push(other);
        }
      }
    }
  }
  return [...titleOnly.values()];
}

/** A story's address as links write it: no fragment, no trailing slash, either scheme. */
function addressKey(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) return undefined;
    return `${parsed.host.toLowerCase()}${parsed.pathname.replace(/\/+$/, '')}${parsed.search}`;
  } catch {
    return undefined;
  }
}

/** A link to a story of the edition, by the address it was published at, opens it here. */
function linkStories(articles: readonly ArticleDocument[]): void {
  const byAddress = new Map<string, string>();
  for (const article of articles) {
    const key = article.url && addressKey(article.url);
    if (key) byAddress.set(key, article.slug);
  }
  if (byAddress.size === 0) return;
  for (const article of articles) {
    for (const section of article.sections) {
      forEachInline(section.blocks, (node) => {
        if (node.type !== 'link') return;
        const slug = byAddress.get(addressKey(node.url) ?? '');
        if (slug && slug !== article.slug) node.story = slug;
      });
    }
  }
}

export interface BuiltEdition {
  files: ContentFiles;
  articles: ArticleDocument[];
  titleOnly: TitleOnlyStory[];
  /** What the sources hold that stayed text, located in them. */
  warnings: IngestWarning[];
}

/** A story's article as built from its sources, and what they hold that stayed text. */
export interface BuiltStory {
  article: ArticleDocument;
  warnings: IngestWarning[];
}

/**
 * Stories built before, by `storyKey`: an edition of thousands parses only the stories that
 * changed. `get` answers a copy of its own each time, and `set` keeps a copy as it is given:
 * the edition then links stories into the article.
 */
export interface StoryCache {
  get(key: string): BuiltStory | undefined;
  set(key: string, built: BuiltStory): void;
}

/**
 * What a story's article is built from: its slug, files, text and metadata, and the pictures its
 * metadata names as the build made them. (The code that builds it is the cache's own concern.)
 */
export function storyKey(story: StorySource, pictures?: PictureLookup): string {
  const made = Object.entries(story.meta.images ?? {}).map(
    ([key, { file, focus }]) => [key, pictures?.(file, focus) ?? null] as const,
  );
  return createHash('sha256')
    .update(
      JSON.stringify([story.slug, story.sourceFile, story.metaFile, story.text, story.meta, made]),
    )
    .digest('hex');
}

function buildStory(story: StorySource, pictures: PictureLookup | undefined): BuiltStory {
  const diagnostics = new Diagnostics(story.sourceFile);
  const article = buildArticle(
    story.slug,
    parseSource(story.text, story.sourceFile, diagnostics),
    story.meta,
    { source: story.sourceFile, meta: story.metaFile },
    diagnostics,
    pictures,
  );
  return { article, warnings: diagnostics.warnings };
}

/**
 * The whole edition from its sources: an article per story, a title-only story per related
 * title the edition has no text for, and the edition's pages (newest first, lead apart).
 * `pictures`: the build's made pictures (without it, as in ingest's preview, figures have none).
 * `cache`: stories built before (the build's; see StoryCache).
 */
export function buildEdition(
  stories: readonly StorySource[],
  meta: EditionMeta,
  editionFile: string,
  pictures?: PictureLookup,
  cache?: StoryCache,
): BuiltEdition {
  const warnings: IngestWarning[] = [];
  const articles = stories
    .map((story) => {
      const key = cache && storyKey(story, pictures);
      let built = key === undefined ? undefined : cache!.get(key);
      if (!built) {
        built = buildStory(story, pictures);
        if (key !== undefined) cache!.set(key, built);
      }
      warnings.push(...built.warnings);
      return built.article;
    })
    .sort(byNewest);
  if (articles.length === 0) throw new IngestError(editionFile, 1, 1, 'the edition has no stories');
  linkStories(articles);
  const titleOnly = resolveRelated(articles);

  const lead = meta.lead ? articles.find((article) => article.slug === meta.lead) : articles[0];
  if (!lead)
    throw new IngestError(editionFile, 1, 1, `the lead story “${meta.lead}” is not in the edition`);

  const listed: EditionStory[] = [
    ...articles
      .filter((article) => article !== lead)
      .map((article) => ({
        slug: article.slug,
        headline: article.headline.text,
        availability: 'full' as const,
        ...(article.published ? { published: article.published } : {}),
        ...(article.updated ? { updated: article.updated } : {}),
      })),
    ...titleOnly.map((story) => ({
      slug: story.slug,
      headline: story.headline.text,
      availability: 'title-only' as const,
    })),
  ];
  const pageCount = Math.max(1, Math.ceil(listed.length / STORIES_PER_PAGE));
  const files: ContentFiles = new Map();
  for (let page = 1; page <= pageCount; page += 1) {
    const edition: Edition = {
      lead: { slug: lead.slug, headline: lead.headline.text },
      page,
      pageCount,
      storyCount: articles.length + titleOnly.length,
      stories: listed.slice((page - 1) * STORIES_PER_PAGE, page * STORIES_PER_PAGE),
    };
    files.set(contentPaths.editionPage(page), edition);
  }
  for (const story of [...articles, ...titleOnly])
    files.set(contentPaths.article(story.slug), story);
  return { files, articles, titleOnly, warnings };
}
