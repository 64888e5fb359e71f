/**
 * What a saved web page says of its story, read before Readability reshapes the page: the
 * headline, byline, dates, site name, language and direction, and its own address. Each fact
 * comes from the first of its usual places that states it (structured data, meta tags, the
 * visible page); nothing is guessed, and the editorial metadata file wins over all of them.
 */
import * as v from 'valibot';
import { isoDate, isPublicHref, languageTag } from '../content/schema.ts';
import type { SourceFacts } from './source.ts';

/** The page's facts, and the address its relative links resolve against. */
export interface PageFacts extends SourceFacts {
  base?: string;
}

type Json = Record<string, unknown>;

const ARTICLE_TYPE = /(?:Article|BlogPosting|Report)$/;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.replace(/\s+/g, ' ').trim() : undefined;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object of the page's JSON-LD, `@graph`s and arrays flattened. */
function jsonLdObjects(document: Document): Json[] {
  const found: Json[] = [];
  const add = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(add);
    else if (isObject(value)) {
      found.push(value);
      if (Array.isArray(value['@graph'])) value['@graph'].forEach(add);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json" i]')) {
    try {
      add(JSON.parse((script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')));
    } catch {
      // Broken structured data says nothing; the page's other places may.
    }
  }
  return found;
}

function isArticle(object: Json): boolean {
  const type = object['@type'];
  const types = Array.isArray(type) ? type : [type];
  return types.some((entry) => typeof entry === 'string' && ARTICLE_TYPE.test(entry));
}

function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(names);
  if (typeof value === 'string') return text(value) ? [text(value)!] : [];
  if (isObject(value)) return text(value.name) ? [text(value.name)!] : [];
  return [];
}

function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value)) return urlOf(value['@id'] ?? value.url);
  return undefined;
}

/** A moment or a day as ISO 8601, or undefined when the page's value is no date. */
export function normaliseDate(value: string | undefined): string | undefined {
  // "2026-05-02 09:00:00Z" is RFC 3339's form; ISO 8601 wants the T.
  const raw = value?.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, '$1T');
  if (!raw) return undefined;
  if (v.is(isoDate, raw)) return raw;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function absolute(url: string | undefined, base?: string): string | undefined {
  if (!url) return undefined;
  try {
    const resolved = new URL(url.trim(), base).href;
    return /^https?:/i.test(resolved) && isPublicHref(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

function languageOf(value: string | undefined): string | undefined {
  const tag = value?.trim().replace(/_/g, '-');
  return tag && v.is(languageTag, tag) ? tag : undefined;
}

/** Words that introduce a byline ("By Ada Brennan"), in the languages newsrooms publish in. */
const BYLINE_LEAD =
  /^(?:by|par|von|por|door|di|da|av|af|przez|od|от|автор|بقلم|كتب|מאת|tarafından|oleh)\s*:?\s+/iu;

/** A line that is a byline by its first word ("By …", "Par …", "بقلم …"): its names. */
export function bylineLine(line: string): string | undefined {
  return BYLINE_LEAD.test(line.trim()) ? cleanByline(line) : undefined;
}

/** A byline's names without the word that introduces it or a separator left at its end. */
export function cleanByline(value: string | undefined): string | undefined {
  const cleaned = text(value)
    ?.replace(BYLINE_LEAD, '')
    .replace(/[\s,|·•—–-]+$/u, '')
    .trim();
  return cleaned || undefined;
}

/**
 * A byline element's names. Where it links its authors, what runs from the first link to the
 * last ("Katrin Vogelsang und Mehmet Aydın", not the dateline or role after them).
 */
function bylineText(element: Element): string | undefined {
  const links = [...element.querySelectorAll('a')].filter((link) =>
    /\p{L}/u.test(link.textContent ?? ''),
  );
  const copy = element.ownerDocument.createRange();
  if (links.length > 0) {
    copy.setStartBefore(links[0]!);
    copy.setEndAfter(links.at(-1)!);
  } else copy.selectNodeContents(element);
  const fragment = copy.cloneContents();
  for (const time of fragment.querySelectorAll('time, script, style')) time.remove();
  return fragment.textContent ?? undefined;
}

/** The visible byline: a short element the page marks as its author's. */
function visibleByline(document: Document): string | undefined {
  const selector =
    '[rel~="author"], [itemprop~="author"], [class*="byline" i], [class*="author" i], .vcard';
  const scopes = [document.querySelector('article'), document.querySelector('main'), document.body];
  for (const scope of scopes) {
    if (!scope) continue;
    for (const element of scope.querySelectorAll(selector)) {
      if (element.closest('nav, aside, [class*="comment" i], [id*="comment" i]')) continue;
      const named = element.matches('[itemprop~="author"]')
        ? (element.querySelector('[itemprop~="name"]') ?? element)
        : element;
      const byline = cleanByline(bylineText(named));
      if (byline && byline.length <= 100 && /\p{L}/u.test(byline)) return byline;
    }
  }
  return undefined;
}

function meta(document: Document, key: string): string | undefined {
  for (const element of document.querySelectorAll('meta')) {
    const name = element.getAttribute('property') ?? element.getAttribute('name');
    if (name?.toLowerCase() === key) {
      const content = text(element.getAttribute('content'));
      if (content) return content;
    }
  }
  return undefined;
}

function timeIn(document: Document, selectors: string): string | undefined {
  const element = document.querySelector(selectors);
  return element?.getAttribute('datetime') ?? undefined;
}

/** The page's first `<time>` in its article, else in its main part: its publication date. */
function firstTime(document: Document): string | undefined {
  const scope = document.querySelector('article') ?? document.querySelector('main');
  return scope?.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined;
}

/** A title without the site's name after (or before) a separator: "Headline | Site". */
function withoutSiteName(
  title: string | undefined,
  siteName: string | undefined,
): string | undefined {
  if (!title || !siteName) return title;
  const site = siteName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const separator = String.raw`\s+[|–—·•:-]\s+`;
  const stripped = title
    .replace(new RegExp(`${separator}${site}$`, 'iu'), '')
    .replace(new RegExp(`^${site}${separator}`, 'iu'), '')
    .trim();
  return stripped || title;
}

function headingText(element: Element | null | undefined): string | undefined {
  return text(element?.textContent);
}

export function readPageFacts(document: Document): PageFacts {
  const article = jsonLdObjects(document).find(isArticle);
  const publisher = article?.publisher;
  const siteName =
    meta(document, 'og:site_name') ??
    (isObject(publisher) ? text(publisher.name) : undefined) ??
    meta(document, 'application-name');

  const canonical = document.querySelector('link[rel~="canonical" i]')?.getAttribute('href');
  const url =
    absolute(canonical ?? undefined) ??
    absolute(meta(document, 'og:url')) ??
    absolute(urlOf(article?.url)) ??
    absolute(urlOf(article?.mainEntityOfPage));
  const baseHref = document.querySelector('base[href]')?.getAttribute('href') ?? undefined;
  const base = baseHref ? (absolute(baseHref, url) ?? url) : url;

  const h1 =
    headingText(document.querySelector('article h1')) ??
    headingText(document.querySelector('main h1'));
  const headline =
    h1 ??
    text(article?.headline) ??
    withoutSiteName(meta(document, 'og:title'), siteName) ??
    headingText(document.querySelector('h1')) ??
    withoutSiteName(text(document.title), siteName);

  const authors = names(article?.author);
  const byline =
    visibleByline(document) ??
    (authors.length > 0 ? authors.join(', ') : undefined) ??
    cleanByline(meta(document, 'author'));

  const published = normaliseDate(
    text(article?.datePublished) ??
      meta(document, 'article:published_time') ??
      timeIn(
        document,
        'time[itemprop~="datePublished"], time.published, time[pubdate], time.entry-date',
      ) ??
      meta(document, 'pubdate') ??
      firstTime(document),
  );
  const updated = normaliseDate(
    text(article?.dateModified) ??
      meta(document, 'article:modified_time') ??
      meta(document, 'og:updated_time') ??
      timeIn(document, 'time[itemprop~="dateModified"], time.updated, time.modified'),
  );

  const inLanguage = article?.inLanguage;
  const lang =
    languageOf(document.documentElement.getAttribute('lang') ?? undefined) ??
    languageOf(
      typeof inLanguage === 'string'
        ? inLanguage
        : isObject(inLanguage)
          ? text(inLanguage.alternateName)
          : undefined,
    ) ??
    languageOf(
      document.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content') ??
        undefined,
    ) ??
    languageOf(meta(document, 'og:locale'));
  const stated = [document.documentElement, document.body, document.querySelector('article')]
    .map((element) => element?.getAttribute('dir')?.toLowerCase())
    .find((value) => value === 'ltr' || value === 'rtl');

  return {
    ...(headline ? { headline } : {}),
    ...(byline ? { byline } : {}),
    ...(published ? { published } : {}),
    ...(updated ? { updated } : {}),
    ...(lang ? { lang } : {}),
    ...(stated ? { dir: stated as 'ltr' | 'rtl' } : {}),
    ...(siteName ? { siteName } : {}),
    ...(url ? { url } : {}),
    ...(base ? { base } : {}),
  };
}
