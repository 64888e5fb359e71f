/**
 * The edition's feeds, for feed readers: Atom 1.0 (RFC 4287) and JSON Feed 1.1, the newest
 * `FEED_SIZE` stories in full. The prerender step writes them (`FEED_ATOM`, `FEED_JSON`) from the
 * content the build has in hand, so an incremental build writes the same bytes as a clean one.
 * Pure functions of the articles and the site's origin: no Vite, no disk, no clock.
 *
 * - **Made from the typed model**, never from a source's HTML: every string is escaped, and the
 *   body's HTML mirrors the article page (`features/article/article-body.tsx`) with nothing
 *   added but what a newsroom adds as metadata. A quotation is its text, with no `q` element:
 *   its marks are published text, and a reader's stylesheet would add a second pair.
 * - **Every URL absolute**: the entry's link, a link to another story of the edition (that
 *   story's page here), pictures; an external link keeps the URL it was published with.
 * - **Language and direction**: `xml:lang` on an entry whose story states its language (the
 *   others inherit the feed's, the site's `en`, as the article page inherits `<html lang="en">`),
 *   and the body wrapped in `<div lang dir>`; JSON Feed's `language` where stated.
 * - **Ids never change**: `tag:<host>,2026:articles/<slug>` (RFC 4151). A story's slug is fixed
 *   when it is first ingested and a re-ingest keeps it (`ingest/cli.ts`: its URLs are public);
 *   the host is the site's origin setting, and the date is when the ids were first minted. No
 *   part of it is the text, a date or the build.
 * - **Dates only when known** (`entryDates`): `published` when the story states one; `updated`
 *   (Atom requires it) is the story's `updated`, else its `published`, else `ingested`, the
 *   moment `npm run ingest` first took it in. The feed's `updated` is its newest entry's. JSON
 *   Feed, whose dates are optional, gives only what the story states: `date_published` and
 *   `date_modified` (its `updated`).
 * - **Author**: the story's `byline` where known; the feed's author is the newsroom (Atom needs
 *   one for the entries without a byline: RFC 4287 4.1.1).
 * - **Picture**: the lead picture's JPEG (every reader shows JPEG), at the width the article
 *   column shows on a desktop at 2×: Atom's `enclosure` link and Media RSS thumbnail, JSON
 *   Feed's `image`.
 * - **Never invalid**: characters XML 1.0 cannot hold (C0 controls but tab, newline and carriage
 *   return, U+FFFE, U+FFFF, lone surrogates) are removed from every string of both feeds, and
 *   each story that had any is named in a warning, with where.
 */
import { leadFigure, toArticle, type Article } from '../content/article.ts';
import { byNewest } from '../content/edition-order.ts';
import {
  quoteContent,
  type Block,
  type Figure,
  type InlineNode,
  type Picture,
  type TableCell,
} from '../content/nodes.ts';
import type { ArticleDocument, TitleOnlyStory } from '../content/schema.ts';
import { paths } from '../lib/paths.ts';
import { chosenWidth, pictureFile } from '../lib/pictures.ts';
import { SITE_LANGUAGE } from '../lib/search-bundles.ts';
import { FEED_ATOM, FEED_JSON } from '../lib/site-files.ts';

/** How many stories the feeds hold: the newest, in the edition's order (`byNewest`). */
export const FEED_SIZE = 50;

/** The year the feeds' ids were first minted in (RFC 4151's date: the host was the site's). */
const ID_DATE = '2026';

/** Shown when no date at all is known: Atom needs one, and a build's clock would change the bytes. */
const NO_DATE = '1970-01-01T00:00:00Z';

/** The CSS pixels the article column shows a picture at on a desktop; feeds take its 2× file. */
const PICTURE_SLOT = 560;

/** The site's square icon (public/icons), for the feeds' icon. */
const ICON_PATH = '/icons/icon-512.png';

export interface FeedSite {
  /** The site's public origin, as `lib/site.ts`'s SITE_ORIGIN: `https://news.example`. */
  origin: string;
  /** The feeds' title and author: the site's name. */
  title: string;
}

export interface Feeds {
  atom: string;
  json: string;
  /** Stories written with characters removed, and stories with no date: `feeds: story …`. */
  warnings: string[];
}

/** A story as both feeds show it: every string safe for XML, every URL absolute. */
interface Entry {
  id: string;
  url: string;
  title: string;
  lang?: string;
  published?: string;
  updated: string;
  /** What the story itself states, for JSON Feed. */
  stated: { published?: string; updated?: string };
  byline?: string;
  standfirst?: string;
  /** Where the story was first published. */
  via?: string;
  image?: { url: string; width: number; height: number };
  html: string;
}

// Characters

/**
 * What XML 1.0 cannot hold (its `Char` production): C0 controls other than tab, newline and
 * carriage return, U+FFFE and U+FFFF, and a surrogate with no partner.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const codePoint = (char: string) =>
  `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Where in a story a path of its document is, for a warning a newsroom can act on. */
function placeOf(document: ArticleDocument, path: readonly (string | number)[]): string {
  const [field, section, part, block] = path;
  if (field !== 'sections' || typeof section !== 'number') return String(field);
  const name = `section ${section + 1}`;
  if (part === 'heading') return `${name} heading`;
  if (typeof block !== 'number') return name;
  const type = document.sections[section]?.blocks[block]?.type;
  return `${name}, block ${block + 1}${type ? ` (${type})` : ''}`;
}

/**
 * The story with every character XML cannot hold removed from every string, and a warning
 * that names the story and where they were; none when there were none.
 */
export function xmlSafeStory(document: ArticleDocument): {
  article: ArticleDocument;
  warning?: string;
} {
  const found = new Map<string, number>();
  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string') {
      return value.replace(NOT_XML, (char) => {
        const key = `${codePoint(char)} in ${placeOf(document, path)}`;
        found.set(key, (found.get(key) ?? 0) + 1);
        return '';
      });
    }
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]),
      );
    }
    return value;
  };
  // The related list is no part of a feed.
  const article = walk({ ...document, related: [] }, []) as ArticleDocument;
  if (found.size === 0) return { article };
  const count = [...found.values()].reduce((sum, n) => sum + n, 0);
  const where = [...found].map(([key, n]) => (n > 1 ? `${n} × ${key}` : key)).join('; ');
  return {
    article,
    warning: `feeds: story ${document.slug}: removed ${count} ${count === 1 ? 'character' : 'characters'} XML cannot hold (${where})`,
  };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

/** Text or an attribute's value in HTML. */
const html = (text: string) => text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char]!);

/** Text or an attribute's value in XML; a carriage return kept as one (a parser makes it a newline). */
const xml = (text: string) =>
  text.replace(/[&<>"\r]/g, (char) => (char === '\r' ? '&#xD;' : HTML_ESCAPES[char]!));

// Dates

/**
 * An ISO 8601 moment or day as RFC 3339, which Atom (`xsd:dateTime`) and JSON Feed take: a day
 * is its first moment in UTC, and an offset gets its minutes. Undefined for anything else.
 */
export function rfc3339(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return `${date}T00:00:00Z`;
  const match =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:(Z)| ?([+-]\d{2})(?::?(\d{2}))?)$/.exec(
      date,
    );
  if (!match) return undefined;
  const [, day, time, utc, hours, minutes] = match;
  return `${day}T${time}${utc ?? `${hours}:${minutes ?? '00'}`}`;
}

/**
 * An entry's dates, in the defined order: `published` only when the story states it; `updated`
 * the story's `updated`, else its `published`, else `ingested` (when this newsroom first took
 * it in), else none (`known: false`).
 */
export function entryDates(story: Pick<ArticleDocument, 'published' | 'updated' | 'ingested'>): {
  published?: string;
  updated: string;
  known: boolean;
} {
  const published = rfc3339(story.published);
  const updated = rfc3339(story.updated) ?? published ?? rfc3339(story.ingested);
  return { ...(published ? { published } : {}), updated: updated ?? NO_DATE, known: !!updated };
}

// Ids and URLs

/** A stable id for a story's entry, in both feeds (see the module's comment). */
export function entryId(origin: string, slug: string): string {
  return `tag:${new URL(origin).hostname},${ID_DATE}:${paths.article.build(slug).slice(1)}`;
}

const feedId = (origin: string) => `tag:${new URL(origin).hostname},${ID_DATE}:feed`;

const absolute = (origin: string, path: string) => new URL(path, `${origin}/`).href;

/** The picture's file the feeds show, and its size. */
function feedPicture(origin: string, picture: Picture) {
  const width = chosenWidth(picture.widths, PICTURE_SLOT, 2);
  return {
    url: absolute(origin, `/${pictureFile(picture.id, width, 'jpg')}`),
    width,
    height: Math.round((picture.height * width) / picture.width),
  };
}

// The body, as the article page shows it

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${html(String(value))}"`)
    .join('');
}

function inlineHtml(nodes: readonly InlineNode[], origin: string): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
          return html(node.text);
        case 'break':
          return '<br>';
        case 'code':
          return `<code>${html(node.text)}</code>`;
        case 'emphasis':
          return `<em>${inlineHtml(node.content, origin)}</em>`;
        case 'strong':
          return `<strong>${inlineHtml(node.content, origin)}</strong>`;
        case 'subscript':
          return `<sub>${inlineHtml(node.content, origin)}</sub>`;
        case 'superscript':
          return `<sup>${inlineHtml(node.content, origin)}</sup>`;
        case 'link': {
          // A story of the edition opens here, as on the article page.
          const href = node.story ? absolute(origin, paths.article.build(node.story)) : node.url;
          return `<a${attributes({ href })}>${inlineHtml(node.content, origin)}</a>`;
        }
        case 'quote':
          return inlineHtml(quoteContent(node), origin);
      }
    })
    .join('');
}

function rowsHtml(
  group: 'thead' | 'tbody' | 'tfoot',
  rows: readonly TableCell[][] | undefined,
  origin: string,
): string {
  if (!rows || rows.length === 0) return '';
  const cells = (row: readonly TableCell[]) =>
    row
      .map((cell) => {
        const tag = cell.header ? 'th' : 'td';
        const attrs = attributes({
          scope: cell.scope,
          colspan: cell.colspan,
          rowspan: cell.rowspan,
        });
        return `<${tag}${attrs}>${inlineHtml(cell.content, origin)}</${tag}>`;
      })
      .join('');
  return `<${group}>${rows.map((row) => `<tr>${cells(row)}</tr>`).join('')}</${group}>`;
}

function figureHtml(figure: Figure, origin: string): string {
  const caption =
    figure.caption || figure.credit
      ? `<figcaption>${figure.caption ? inlineHtml(figure.caption, origin) : ''}${
          figure.caption && figure.credit ? ' ' : ''
        }${figure.credit ? `<small>${html(figure.credit)}</small>` : ''}</figcaption>`
      : '';
  const file = figure.picture && feedPicture(origin, figure.picture);
  // Without the picture (it could not be had), its alt text stands in its place.
  const picture = file
    ? `<img${attributes({ src: file.url, alt: figure.alt ?? '', width: file.width, height: file.height })}>`
    : figure.alt
      ? `<p>${html(figure.alt)}</p>`
      : '';
  // A decorative picture with nothing to say is no figure.
  if (!caption && !figure.alt) return picture ? `<div>${picture}</div>` : '';
  return `<figure>${picture}${caption}</figure>`;
}

function blockHtml(block: Block, origin: string): string {
  const blocks = (list: readonly Block[]) => list.map((child) => blockHtml(child, origin)).join('');
  switch (block.type) {
    case 'paragraph':
      return `<p>${inlineHtml(block.content, origin)}</p>`;
    case 'subheading':
      return `<h3>${html(block.text)}</h3>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((item) => {
        const only = item.length === 1 && item[0]!.type === 'paragraph' ? item[0] : undefined;
        return `<li>${only ? inlineHtml(only.content, origin) : blocks(item)}</li>`;
      });
      return `<${tag}${attributes({ start: block.start })}>${items.join('')}</${tag}>`;
    }
    case 'blockquote':
      return `<figure><blockquote>${blocks(block.blocks)}</blockquote>${
        block.attribution ? `<figcaption>${inlineHtml(block.attribution, origin)}</figcaption>` : ''
      }</figure>`;
    case 'table':
      return `<table>${block.caption ? `<caption>${inlineHtml(block.caption, origin)}</caption>` : ''}${rowsHtml(
        'thead',
        block.head,
        origin,
      )}${rowsHtml('tbody', block.body, origin)}${rowsHtml('tfoot', block.foot, origin)}</table>`;
    case 'preformatted':
      return `<pre>${html(block.text)}</pre>`;
    case 'figure':
      return figureHtml(block, origin);
  }
}

/**
 * The story's text as HTML: its standfirst, then each section (its id as the article page
 * has it, its heading, its blocks), in a `div` that says its language and direction.
 */
export function articleHtml(article: Article, origin: string): string {
  const body = [
    article.standfirst ? `<p>${html(article.standfirst)}</p>` : '',
    ...article.sections.map(
      (section) =>
        `<section${attributes({ id: section.id })}>${
          section.heading ? `<h2>${html(section.heading)}</h2>` : ''
        }${section.blocks.map((block) => blockHtml(block, origin)).join('')}</section>`,
    ),
  ].join('');
  const wrapper = attributes({
    lang: article.lang,
    dir: article.dir === 'rtl' ? 'rtl' : undefined,
  });
  return wrapper ? `<div${wrapper}>${body}</div>` : body;
}

// The feeds

function entryOf(document: ArticleDocument, origin: string): Entry {
  const article = toArticle(document);
  const dates = entryDates(article);
  const lead = leadFigure(article);
  return {
    id: entryId(origin, article.slug),
    url: absolute(origin, paths.article.build(article.slug)),
    title: article.headline.text,
    ...(article.lang ? { lang: article.lang } : {}),
    ...(dates.published ? { published: dates.published } : {}),
    updated: dates.updated,
    stated: {
      ...(dates.published ? { published: dates.published } : {}),
      ...(rfc3339(article.updated) ? { updated: rfc3339(article.updated) } : {}),
    },
    ...(article.byline ? { byline: article.byline } : {}),
    ...(article.standfirst ? { standfirst: article.standfirst } : {}),
    ...(article.url ? { via: article.url } : {}),
    ...(lead ? { image: feedPicture(origin, lead.picture) } : {}),
    html: articleHtml(article, origin),
  };
}

function atomFeed(entries: readonly Entry[], site: FeedSite, updated: string): string {
  const { origin } = site;
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${SITE_LANGUAGE}">`,
    `  <id>${xml(feedId(origin))}</id>`,
    `  <title>${xml(site.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(absolute(origin, `/${FEED_ATOM}`))}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(absolute(origin, paths.home.build()))}"/>`,
    `  <author><name>${xml(site.title)}</name></author>`,
    `  <icon>${xml(absolute(origin, ICON_PATH))}</icon>`,
  ];
  for (const entry of entries) {
    lines.push(
      entry.lang ? `  <entry xml:lang="${xml(entry.lang)}">` : '  <entry>',
      `    <id>${xml(entry.id)}</id>`,
      `    <title type="text">${xml(entry.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(entry.url)}"/>`,
    );
    if (entry.via) lines.push(`    <link rel="via" href="${xml(entry.via)}"/>`);
    if (entry.image) {
      const { url, width, height } = entry.image;
      lines.push(
        `    <link rel="enclosure" type="image/jpeg" href="${xml(url)}"/>`,
        `    <media:thumbnail url="${xml(url)}" width="${width}" height="${height}"/>`,
      );
    }
    if (entry.published) lines.push(`    <published>${entry.published}</published>`);
    lines.push(`    <updated>${entry.updated}</updated>`);
    if (entry.byline) lines.push(`    <author><name>${xml(entry.byline)}</name></author>`);
    if (entry.standfirst) lines.push(`    <summary type="text">${xml(entry.standfirst)}</summary>`);
    lines.push(`    <content type="html">${xml(entry.html)}</content>`, '  </entry>');
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

function jsonFeed(entries: readonly Entry[], site: FeedSite): string {
  const { origin } = site;
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    home_page_url: absolute(origin, paths.home.build()),
    feed_url: absolute(origin, `/${FEED_JSON}`),
    icon: absolute(origin, ICON_PATH),
    language: SITE_LANGUAGE,
    authors: [{ name: site.title }],
    items: entries.map((entry) => ({
      id: entry.id,
      url: entry.url,
      ...(entry.via ? { external_url: entry.via } : {}),
      title: entry.title,
      content_html: entry.html,
      ...(entry.standfirst ? { summary: entry.standfirst } : {}),
      ...(entry.image ? { image: entry.image.url } : {}),
      ...(entry.stated.published ? { date_published: entry.stated.published } : {}),
      ...(entry.stated.updated ? { date_modified: entry.stated.updated } : {}),
      ...(entry.byline ? { authors: [{ name: entry.byline }] } : {}),
      ...(entry.lang ? { language: entry.lang } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

/** The moment of the newest of these dates (RFC 3339, offsets apart), as it is written. */
function newest(dates: readonly string[]): string | undefined {
  let found: string | undefined;
  for (const date of dates) if (!found || Date.parse(date) > Date.parse(found)) found = date;
  return found;
}

/**
 * Both feeds of the edition: the newest `FEED_SIZE` of its full articles (a title-only story is
 * never an entry), in the edition's order. `stories` are the documents the build wrote, in any
 * order.
 */
export function makeFeeds(
  stories: Iterable<ArticleDocument | TitleOnlyStory>,
  site: FeedSite,
): Feeds {
  const origin = site.origin.replace(/\/+$/, '');
  const articles = [...stories]
    .filter((story): story is ArticleDocument => story.availability === 'full')
    .sort(byNewest)
    .slice(0, FEED_SIZE);
  const warnings: string[] = [];
  const entries = articles.map((document) => {
    const { article, warning } = xmlSafeStory(document);
    if (warning) warnings.push(warning);
    if (!entryDates(article).known) {
      warnings.push(
        `feeds: story ${article.slug}: no date known (published, updated or ingested in its metadata file), so its entry says ${NO_DATE}`,
      );
    }
    return entryOf(article, origin);
  });
  const title = xmlSafeText(site.title);
  const safeSite = { origin, title };
  return {
    atom: atomFeed(entries, safeSite, newest(entries.map((entry) => entry.updated)) ?? NO_DATE),
    json: jsonFeed(entries, safeSite),
    warnings,
  };
}

const xmlSafeText = (text: string) => text.replace(NOT_XML, '');

/** The full articles among the build's content documents (`articles/<slug>.json`). */
export function feedStories(content: ReadonlyMap<string, unknown>): ArticleDocument[] {
  return [...content]
    .filter(([path, document]) => {
      if (!/^articles\/[^/]+\.json$/.test(path)) return false;
      return (document as { availability?: unknown }).availability === 'full';
    })
    .map(([, document]) => document as ArticleDocument);
}
