// @vitest-environment node
/**
 * The edition's feeds (build/feeds.ts), made from an edition ingested as a newsroom would: the
 * seed, saved pages (a right-to-left story; a story with a byline, links and pictures; the
 * story another links to by its address), Markdown with pictures, links, a list and a table,
 * and hostile text. Atom is checked against RFC 4287's RELAX NG schema with xmllint, JSON Feed
 * against the JSON Feed 1.1 rules, and a feed parser from npm (feedsmith) reads both back.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parseAtomFeed, parseJsonFeed, type AtomFeed } from 'feedsmith';
import { JSDOM } from 'jsdom';
import sharp from 'sharp';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedStories, FEED_SIZE, makeFeeds, type Feeds } from '../../../src/build/feeds';
import { pictureId } from '../../../src/build/pictures';
import { leadFigure, toArticle } from '../../../src/content/article';
import { byNewest } from '../../../src/content/edition-order';
import { blockText, inlineText, type Block } from '../../../src/content/nodes';
import type { ArticleDocument, TitleOnlyStory } from '../../../src/content/schema';
import { ingestFiles } from '../../../src/ingest/cli';
import {
  editionMetaFile,
  imagesDir,
  readEditionMeta,
  readStories,
  type StorySource,
} from '../../../src/ingest/content-dir';
import { buildEdition, type BuiltEdition } from '../../../src/ingest/edition';
import type { PictureLookup } from '../../../src/ingest/build-story';
import { pictureWidths } from '../../../src/lib/pictures';
import { SEED_SLUG } from '../../helpers/seed';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
const SCHEMA = join(root, 'tests/fixtures/feeds/atom.rng');
const ORIGIN = 'https://dispatch.example';
const SITE = { origin: ORIGIN, title: 'Dispatch' };

const fixture = (path: string) => join(root, 'tests/fixtures', path);
const RTL_SLUG = 'تأخر-تشغيل-محطة-تحلية-رأس-الغدير-يفاقم-أزمة-المياه-في-المدن-الساحلية';
const PHOTOS = fixture('pictures/harbour-photos.html');
const PHOTOS_SLUG = 'kelwicks-fishing-fleet-returns-to-a-rebuilt-harbour';
const RICH_SLUG = 'port-avalon-council-sets-out-how-it-will-pay-for-the-river-walls';
const LINKED_SLUG = 'inside-port-calloways-sea-wall-the-warnings-nobody-wanted-to-hear';
const GALLERY_SLUG = 'lock-gates-return-to-the-river-wend-after-a-winter-in-dry-dock';
const HOSTILE_HEADLINE = 'Council finds “<script>” and other hostile text in its comment forms';
const HOSTILE_SLUG = 'council-finds-script-and-other-hostile-text-in-its-comment-forms';

/** The moment the test's newsroom ingests its stories. */
const INGESTED = '2026-12-01T08:00:00Z';

let work: string;
let content: string;
let edition: BuiltEdition;
let feeds: Feeds;

/**
 * What the build's pictures (build/pictures.ts) say of each file in `content/images/`: its id
 * and widths as the build names them, its upright size. Nothing is encoded: the feeds need only
 * the names and sizes.
 */
async function describePictures(dir: string): Promise<PictureLookup> {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const file of await readdir(imagesDir(dir)).catch(() => [] as string[])) {
    const { width, height, orientation } = await sharp(join(imagesDir(dir), file)).metadata();
    const turned = (orientation ?? 1) >= 5;
    sizes.set(file, turned ? { width: height, height: width } : { width, height });
  }
  return (file, focus) => {
    const size = sizes.get(file);
    if (!size) return undefined;
    return {
      id: pictureId(file, focus),
      ...size,
      widths: pictureWidths(size.width),
      placeholder: 'data:image/png;base64,AAAA',
    };
  };
}

/** The edition from the sources in `dir`, as the build makes it. */
async function buildFrom(dir: string): Promise<BuiltEdition> {
  return buildEdition(
    await readStories(dir),
    await readEditionMeta(dir),
    editionMetaFile(dir),
    await describePictures(dir),
  );
}

const feedsOf = (built: BuiltEdition) => makeFeeds(feedStories(built.files), SITE);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'dispatch-feeds-'));
  content = join(work, 'content');
  await cp(join(root, 'content'), content, { recursive: true });
  const now = () => new Date(INGESTED);
  await ingestFiles(
    [
      { file: fixture('pages/arabic-rtl.html') },
      { file: fixture('pages/longform-news.html') },
      { file: fixture('stories/river-budget.md') },
      { file: PHOTOS },
      { file: fixture('pictures/river-gallery.md') },
      { file: fixture('stories/hostile.txt'), headline: HOSTILE_HEADLINE },
    ],
    { dir: content, now },
  );
  edition = await buildFrom(content);
  feeds = feedsOf(edition);
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

/** xmllint's verdict on an Atom document: RFC 4287's schema, in RELAX NG's XML syntax. */
let documents = 0;
async function validateAtom(xml: string): Promise<void> {
  const file = join(work, `feed-${(documents += 1)}.atom`);
  await writeFile(file, xml);
  try {
    await run('xmllint', ['--noout', '--relaxng', SCHEMA, file]);
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string };
    if (code === 'ENOENT') {
      throw new Error('xmllint is not installed: apt-get install -y libxml2-utils', {
        cause: error,
      });
    }
    throw new Error(`xmllint refused the feed:\n${stderr ?? String(error)}`, { cause: error });
  }
}

// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/), as a schema.

const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const url = v.pipe(v.string(), v.url('must be a URL'));
const date = v.pipe(v.string(), v.regex(RFC_3339, 'must be an RFC 3339 date'));

/** An object of these members; any other must be an extension, whose name starts with `_`. */
function jsonFeedObject<TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    v.looseObject(entries),
    v.check(
      (value) => Object.keys(value).every((key) => key in entries || key.startsWith('_')),
      'a member JSON Feed 1.1 does not define must be an extension (its name starting with _)',
    ),
  );
}

const author = v.pipe(
  jsonFeedObject({
    name: v.optional(v.string()),
    url: v.optional(url),
    avatar: v.optional(url),
  }),
  v.check(
    (value) => [value.name, value.url, value.avatar].some((member) => member !== undefined),
    'an author has a name, a url or an avatar',
  ),
);

const item = v.pipe(
  jsonFeedObject({
    id: v.pipe(v.string(), v.minLength(1)),
    url: v.optional(url),
    external_url: v.optional(url),
    title: v.optional(v.string()),
    content_html: v.optional(v.string()),
    content_text: v.optional(v.string()),
    summary: v.optional(v.string()),
    image: v.optional(url),
    banner_image: v.optional(url),
    date_published: v.optional(date),
    date_modified: v.optional(date),
    authors: v.optional(v.array(author)),
    tags: v.optional(v.array(v.string())),
    language: v.optional(v.string()),
    attachments: v.optional(
      v.array(
        jsonFeedObject({
          url,
          mime_type: v.string(),
          title: v.optional(v.string()),
          size_in_bytes: v.optional(v.number()),
          duration_in_seconds: v.optional(v.number()),
        }),
      ),
    ),
  }),
  v.check(
    (value) => value.content_html !== undefined || value.content_text !== undefined,
    'an item has content_html or content_text',
  ),
);

const jsonFeed11 = v.pipe(
  jsonFeedObject({
    version: v.literal('https://jsonfeed.org/version/1.1'),
    title: v.string(),
    home_page_url: v.optional(url),
    feed_url: v.optional(url),
    description: v.optional(v.string()),
    user_comment: v.optional(v.string()),
    next_url: v.optional(url),
    icon: v.optional(url),
    favicon: v.optional(url),
    authors: v.optional(v.array(author)),
    language: v.optional(v.string()),
    expired: v.optional(v.boolean()),
    hubs: v.optional(v.array(jsonFeedObject({ type: v.string(), url }))),
    items: v.array(item),
  }),
  v.check(
    (feed) => new Set(feed.items.map((entry) => entry.id)).size === feed.items.length,
    'item ids are unique',
  ),
);

function checkJsonFeed(text: string): v.InferOutput<typeof jsonFeed11> {
  const result = v.safeParse(jsonFeed11, JSON.parse(text));
  if (!result.success) {
    const issue = result.issues[0];
    throw new Error(`not JSON Feed 1.1: ${v.getDotPath(issue) ?? ''} ${issue.message}`);
  }
  return result.output;
}

// Words, as a reader reads them

const { document } = new JSDOM('').window;
const words = (text: string) => text.match(/\S+/g) ?? [];

/** Elements whose edges part words (an inline element's, such as `em`, do not). */
const PARTING = new Set(
  'P H2 H3 LI UL OL FIGURE FIGCAPTION BLOCKQUOTE TABLE CAPTION THEAD TBODY TFOOT TR TH TD PRE SECTION DIV BR IMG'.split(
    ' ',
  ),
);

function parseHtml(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** The words of HTML's text. */
function htmlWords(html: string): string[] {
  let text = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === child.TEXT_NODE) text += (child as Text).data;
      else if (child.nodeType === child.ELEMENT_NODE) {
        const parts = PARTING.has((child as Element).tagName);
        if (parts) text += ' ';
        walk(child);
        if (parts) text += ' ';
      }
    }
  };
  walk(parseHtml(html));
  return words(text);
}

/** A block's text as the page shows it: a picture's alt text only where no picture stands. */
function shownText(block: Block): string {
  switch (block.type) {
    case 'figure':
      return [block.picture ? undefined : block.alt, inlineText(block.caption), block.credit]
        .filter(Boolean)
        .join('\n');
    case 'list':
      return block.items.map((blocks) => blocks.map(shownText).join('\n')).join('\n');
    case 'blockquote':
      return [...block.blocks.map(shownText), inlineText(block.attribution)].join('\n');
    default:
      return blockText(block);
  }
}

/** The story's published text: standfirst, then each section's heading and blocks. */
function publishedWords(article: ArticleDocument): string[] {
  return words(
    [
      article.standfirst ?? '',
      ...article.sections.flatMap((section) => [
        section.heading ?? '',
        ...section.blocks.map(shownText),
      ]),
    ].join('\n'),
  );
}

const articleOf = (slug: string) => edition.articles.find((article) => article.slug === slug)!;
const pageUrl = (slug: string) => `${ORIGIN}/articles/${encodeURIComponent(slug)}`;

describe('the Atom feed', () => {
  it('is valid against RFC 4287’s RELAX NG schema', async () => {
    await validateAtom(feeds.atom);
    expect(feeds.warnings).toEqual([]);
  });

  it('has every story of the edition, newest first, and says when the feed last changed', () => {
    const atom = parseAtomFeed(feeds.atom);
    expect(atom.id).toBe('tag:dispatch.example,2026:feed');
    expect(atom.title?.value).toBe('Dispatch');
    expect(atom.links).toContainEqual({
      href: `${ORIGIN}/feed.atom`,
      rel: 'self',
      type: 'application/atom+xml',
    });
    expect(atom.entries?.map((entry) => entry.id)).toEqual(
      [...edition.articles]
        .sort(byNewest)
        .map((article) => `tag:dispatch.example,2026:articles/${encodeURIComponent(article.slug)}`),
    );
    // The newest entry's `updated`: the stories that state no date were ingested last.
    expect(atom.updated).toBe(INGESTED);
  });

  it('reads back, with a feed parser, each story’s title, link, dates, author and full text word for word', () => {
    const atom = parseAtomFeed(feeds.atom);
    expect(atom.entries).toHaveLength(edition.articles.length);
    for (const entry of atom.entries ?? []) {
      const article = edition.articles.find((story) =>
        entry.id?.endsWith(`:articles/${encodeURIComponent(story.slug)}`),
      )!;
      expect(entry.title?.value).toBe(article.headline.text);
      expect(entry.links?.find((link) => link.rel === 'alternate')?.href).toBe(
        pageUrl(article.slug),
      );
      expect(entry.authors?.map((person) => person.name)).toEqual(
        article.byline ? [article.byline] : undefined,
      );
      expect(entry.content?.type).toBe('html');
      expect(htmlWords(entry.content?.value ?? '')).toEqual(publishedWords(article));
    }
    // Dates only when known: published as stated; updated as stated, else published, else
    // when the newsroom took the story in.
    expect(entryOf(atom, PHOTOS_SLUG)).toMatchObject({
      published: '2026-11-21T07:30:00Z',
      updated: '2026-11-21T07:30:00Z',
    });
    expect(entryOf(atom, RTL_SLUG)).toMatchObject({
      published: '2026-01-18T10:45:00+03:00',
      updated: '2026-01-18T10:45:00+03:00',
    });
    expect(entryOf(atom, LINKED_SLUG)).toMatchObject({
      published: articleOf(LINKED_SLUG).published,
      updated: articleOf(LINKED_SLUG).updated,
    });
    expect(entryOf(atom, SEED_SLUG).published).toBeUndefined();
    expect(entryOf(atom, SEED_SLUG).updated).toBe('2026-11-28T06:40:18+00:00');
    expect(entryOf(atom, RICH_SLUG).published).toBeUndefined();
    expect(entryOf(atom, RICH_SLUG).updated).toBe(INGESTED);
    // The byline the page states.
    expect(entryOf(atom, PHOTOS_SLUG).authors).toEqual([{ name: articleOf(PHOTOS_SLUG).byline }]);
  });

  it('marks a right-to-left story’s language and direction', () => {
    const atom = parseAtomFeed(feeds.atom);
    const entry = atom.entries!.find(
      (each) => each.title?.value === articleOf(RTL_SLUG).headline.text,
    )!;
    expect(entry.xml?.lang).toBe('ar');
    expect(entry.content?.value).toMatch(/^<div lang="ar" dir="rtl">/);
    expect(feeds.atom).toContain(
      `<entry xml:lang="ar">\n    <id>tag:dispatch.example,2026:articles/${encodeURIComponent(RTL_SLUG)}</id>`,
    );
    // A story whose language is not stated says none of its own: it has the feed's, the site's.
    expect(feeds.atom).toMatch(/<feed [^>]*xml:lang="en">/);
    expect(entryOf(atom, RICH_SLUG).xml?.lang).toBeUndefined();
    expect(entryOf(atom, RICH_SLUG).content?.value).toMatch(/^<section/);
  });

  it('gives the lead picture as the entry’s image, and shows every picture, absolute, in the text', () => {
    const atom = parseAtomFeed(feeds.atom);
    const photos = entryOf(atom, PHOTOS_SLUG);
    const lead = leadFigure(toArticle(articleOf(PHOTOS_SLUG)));
    expect(lead).toBeDefined();
    const image = `${ORIGIN}/assets/pictures/${lead!.picture.id}-1120.jpg`;
    expect(photos.links).toContainEqual({ href: image, rel: 'enclosure', type: 'image/jpeg' });
    expect(feeds.atom).toContain(`<media:thumbnail url="${image}" width="1120" height="747"/>`);
    const pictures = [...parseHtml(photos.content!.value!).querySelectorAll('img')];
    expect(pictures.map((img) => img.getAttribute('src'))).toEqual([
      image,
      expect.stringMatching(
        /^https:\/\/dispatch\.example\/assets\/pictures\/[0-9a-f]{16}-1120\.jpg$/,
      ),
      expect.stringMatching(
        /^https:\/\/dispatch\.example\/assets\/pictures\/[0-9a-f]{16}-800\.jpg$/,
      ),
    ]);
    expect(pictures[0]!.getAttribute('alt')).toMatch(/^Three small fishing boats/);
    // The decorative rule, with nothing to say, is shown bare.
    expect(pictures[2]!.getAttribute('alt')).toBe('');
    // The Markdown story's first picture leads it.
    expect(
      entryOf(atom, GALLERY_SLUG).links?.find((link) => link.rel === 'enclosure')?.href,
    ).toMatch(/^https:\/\/dispatch\.example\/assets\/pictures\/[0-9a-f]{16}-1120\.jpg$/);
    // A story with no picture has no image.
    expect(entryOf(atom, RICH_SLUG).links?.some((link) => link.rel === 'enclosure')).toBe(false);
  });

  it('makes every URL absolute: links to the edition’s stories point here, others keep theirs', () => {
    const atom = parseAtomFeed(feeds.atom);
    for (const entry of atom.entries ?? []) {
      const body = parseHtml(entry.content?.value ?? '');
      for (const element of body.querySelectorAll('[href], [src]')) {
        const address = element.getAttribute('href') ?? element.getAttribute('src')!;
        expect(new URL(address).protocol, address).toMatch(/^(?:https?|mailto):$/);
      }
      for (const { href = '' } of entry.links ?? []) expect(new URL(href).href).toBe(href);
    }
    const rich = parseHtml(entryOf(atom, RICH_SLUG).content!.value!);
    const hrefs = [...rich.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    // The story another site published, which this edition has, opens here.
    expect(hrefs).toContain(pageUrl(LINKED_SLUG));
    expect(hrefs).not.toContain(articleOf(LINKED_SLUG).url);
    expect(hrefs).toContain('https://www.portavalon.gov.example/reports/flood-2026.pdf');
    expect(hrefs).toContain('mailto:floods@portavalon.gov.example');
    // Where the story was first published.
    expect(entryOf(atom, LINKED_SLUG).links).toContainEqual({
      href: articleOf(LINKED_SLUG).url,
      rel: 'via',
    });
  });

  it('keeps hostile text as text: no markup from a source passes through', () => {
    const atom = parseAtomFeed(feeds.atom);
    const body = parseHtml(entryOf(atom, HOSTILE_SLUG).content!.value!);
    expect(body.querySelector('script, h1, [onerror], a[href^="javascript"]')).toBeNull();
    expect(body.textContent).toContain(
      '<script>window.__dispatchPwned = "script"</script> pasted into a comment form',
    );
    expect(entryOf(atom, HOSTILE_SLUG).title?.value).toBe(HOSTILE_HEADLINE);
  });

  it('shows a quotation’s words with the marks the text has, adding none', () => {
    const atom = parseAtomFeed(feeds.atom);
    const seed = entryOf(atom, SEED_SLUG).content!.value!;
    expect(seed).not.toContain('<q');
    expect(seed).toContain('calling him a “dictator” with little public support');
  });
});

function entryOf(atom: AtomFeed.Feed<string>, slug: string) {
  const entry = atom.entries?.find((each) =>
    each.id?.endsWith(`:articles/${encodeURIComponent(slug)}`),
  );
  if (!entry) throw new Error(`no entry for ${slug}`);
  return entry;
}

describe('the JSON feed', () => {
  it('follows JSON Feed 1.1', () => {
    const feed = checkJsonFeed(feeds.json);
    expect(feed).toMatchObject({
      title: 'Dispatch',
      home_page_url: `${ORIGIN}/`,
      feed_url: `${ORIGIN}/feed.json`,
      language: 'en',
    });
  });

  it('reads back, with a feed parser, what the Atom feed says of each story', () => {
    const json = parseJsonFeed(JSON.parse(feeds.json));
    const atom = parseAtomFeed(feeds.atom);
    expect(json.items?.map((each) => each.id)).toEqual(atom.entries?.map((entry) => entry.id));
    for (const each of json.items ?? []) {
      const article = edition.articles.find(
        (story) =>
          each.id === `tag:dispatch.example,2026:articles/${encodeURIComponent(story.slug)}`,
      )!;
      expect(each.title).toBe(article.headline.text);
      expect(each.url).toBe(pageUrl(article.slug));
      expect(htmlWords(each.content_html ?? '')).toEqual(publishedWords(article));
      // Only the dates the story states: JSON Feed's are optional.
      expect(each.date_published).toBe(
        article.published && atom.entries!.find((entry) => entry.id === each.id)!.published,
      );
      expect(each.date_modified).toBe(article.updated);
      expect(each.language).toBe(article.lang);
      expect(each.authors).toEqual(article.byline ? [{ name: article.byline }] : undefined);
    }
    const rtl = json.items!.find((each) => each.url === pageUrl(RTL_SLUG))!;
    expect(rtl.language).toBe('ar');
    expect(rtl.content_html).toMatch(/^<div lang="ar" dir="rtl">/);
    const photos = json.items!.find((each) => each.url === pageUrl(PHOTOS_SLUG))!;
    expect(photos.image).toMatch(
      /^https:\/\/dispatch\.example\/assets\/pictures\/[0-9a-f]{16}-1120\.jpg$/,
    );
    expect(photos.external_url).toBe(articleOf(PHOTOS_SLUG).url);
  });
});

describe('what goes into the feeds', () => {
  /** A one-line story, as ingest/edition.test.ts makes them. */
  const story = (n: number, published?: string, related: string[] = []): StorySource => ({
    slug: `story-${n}`,
    sourceFile: `story-${n}.txt`,
    metaFile: `story-${n}.meta.json`,
    text: [`Story ${n}, told in one line.`, 'Related Stories:', ...related].join('\n'),
    meta: { headline: `Story ${n}`, ...(published ? { published } : {}) },
  });

  it(`holds the newest ${FEED_SIZE} stories, never a title-only one`, async () => {
    const stories = Array.from({ length: 55 }, (_, n) =>
      story(n, new Date(Date.UTC(2026, 0, 1 + n)).toISOString(), [`A related story ${n % 3}`]),
    );
    const built = buildEdition(stories, {}, 'edition.json');
    expect(built.titleOnly.length).toBe(3);
    const made = makeFeeds([...built.files.values()] as (ArticleDocument | TitleOnlyStory)[], SITE);
    const ids = parseAtomFeed(made.atom).entries!.map((entry) => entry.id);
    expect(ids).toEqual(
      Array.from(
        { length: FEED_SIZE },
        (_, n) => `tag:dispatch.example,2026:articles/story-${54 - n}`,
      ),
    );
    expect(checkJsonFeed(made.json).items.map((each) => each.id)).toEqual(ids);
    for (const titleOnly of built.titleOnly) {
      expect(made.atom).not.toContain(`articles/${titleOnly.slug}<`);
      expect(made.json).not.toContain(`articles/${titleOnly.slug}"`);
    }
    await validateAtom(made.atom);
  });

  it('a story that stays title-only is no entry, in a feed of the edition’s full articles', () => {
    expect(edition.titleOnly.length).toBeGreaterThan(0);
    const made = makeFeeds([...edition.titleOnly, ...edition.articles], SITE);
    expect(made.atom).toBe(feeds.atom);
    for (const titleOnly of edition.titleOnly) {
      expect(feeds.json).not.toContain(`/articles/${encodeURIComponent(titleOnly.slug)}"`);
    }
  });

  it('removes what XML cannot hold, says where, and stays valid', async () => {
    const original = articleOf(PHOTOS_SLUG);
    const damaged = structuredClone(original);
    damaged.headline.text = `Kelwick\uD800’s fleet`;
    damaged.byline = `Nia\u0000 Rowe`;
    const second = damaged.sections[1]!;
    const paragraph = second.blocks.findIndex((block) => block.type === 'paragraph');
    const block = second.blocks[paragraph]!;
    if (block.type !== 'paragraph' || block.content[0]?.type !== 'text') throw new Error('no text');
    block.content[0].text = `\u0007${block.content[0].text}\u001B\uFFFF`;
    const made = makeFeeds([damaged], SITE);
    expect(made.warnings).toEqual([
      `feeds: story ${PHOTOS_SLUG}: removed 5 characters XML cannot hold (U+D800 in headline; U+0000 in byline; U+0007 in section 2, block ${paragraph + 1} (paragraph); U+001B in section 2, block ${paragraph + 1} (paragraph); U+FFFF in section 2, block ${paragraph + 1} (paragraph))`,
    ]);
    await validateAtom(made.atom);
    checkJsonFeed(made.json);
    // JSON.stringify writes a lone surrogate as an escape: there is none.
    expect(made.json).not.toMatch(/\\u[dD][89a-fA-F]/);
    const entry = parseAtomFeed(made.atom).entries![0]!;
    expect(entry.title?.value).toBe('Kelwick’s fleet');
    expect(entry.authors).toEqual([{ name: 'Nia Rowe' }]);
    expect(htmlWords(entry.content!.value!)).toEqual(publishedWords(original));
    // A story with none has no warning.
    expect(makeFeeds([original], SITE).warnings).toEqual([]);
  });

  it('says so when a story has no date at all, and gives a fixed one', async () => {
    const undated = { ...articleOf(RICH_SLUG) };
    delete undated.ingested;
    const made = makeFeeds([undated], SITE);
    expect(made.warnings).toEqual([
      `feeds: story ${RICH_SLUG}: no date known (published, updated or ingested in its metadata file), so its entry says 1970-01-01T00:00:00Z`,
    ]);
    expect(parseAtomFeed(made.atom).entries![0]!.updated).toBe('1970-01-01T00:00:00Z');
    await validateAtom(made.atom);
  });
});

describe('entry ids', () => {
  it('are the same, and so is every byte, across two builds', async () => {
    const again = feedsOf(await buildFrom(content));
    expect(again.atom).toBe(feeds.atom);
    expect(again.json).toBe(feeds.json);
  });

  it('are the same after a story is ingested again', async () => {
    const metaFile = join(content, 'stories', `${PHOTOS_SLUG}.meta.json`);
    const before = await readFile(metaFile, 'utf8');
    await ingestFiles([{ file: PHOTOS }], { dir: content, now: () => new Date() });
    // The moment it was first taken in is kept.
    expect(JSON.parse(await readFile(metaFile, 'utf8')).ingested).toBe(INGESTED);
    expect(JSON.parse(await readFile(metaFile, 'utf8'))).toEqual(JSON.parse(before));
    const again = feedsOf(await buildFrom(content));
    const ids = (made: Feeds) => parseAtomFeed(made.atom).entries!.map((entry) => entry.id);
    expect(ids(again)).toEqual(ids(feeds));
    expect(again.atom).toBe(feeds.atom);
    expect(again.json).toBe(feeds.json);
  }, 30_000);
});
