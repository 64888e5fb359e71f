// @vitest-environment node
/**
 * Saved pages of the shapes real news sites and blogs publish (tests/fixtures/pages/), each
 * with what the page itself states (`<name>.expect.json`). The reference for "what a reader view
 * keeps" is Readability run on its own over the untouched page, so these tests do not measure
 * the ingest by itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readability } from '@mozilla/readability';
import { JSDOM } from 'jsdom';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blockText,
  forEachInline,
  inlineText,
  quoteContent,
  type LinkNode,
  type QuoteNode,
} from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import { buildArticle } from '../../../src/ingest/build-story';
import { Diagnostics } from '../../../src/ingest/errors';
import { parseHtmlSource } from '../../../src/ingest/html-source';

const folder = resolve(import.meta.dirname, '../../fixtures/pages');
const names = readdirSync(folder)
  .filter((name) => name.endsWith('.html'))
  .map((name) => name.slice(0, -'.html'.length));

interface Expectation {
  headline: string;
  byline: string | null;
  published: string | null;
  updated: string | null;
  lang: string;
  dir: 'ltr' | 'rtl';
  siteName: string | null;
  base: string | null;
  quotations: {
    text: string;
    speaker: string | null;
    paragraphs: number;
    /** A known miss of the English rules, left unattributed (never wrongly attributed). */
    attributed?: false;
  }[];
}

/** Words as a reader counts them: runs of letters and digits, in normalised form. */
const words = (text: string) => text.normalize('NFC').match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Elements a reader sees apart from their neighbours: `textContent` runs them together. */
const APART =
  /^(?:p|div|section|article|header|footer|aside|main|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|figure|figcaption|table|caption|thead|tbody|tfoot|tr|td|th|br|hr)$/;

/** The text of an element as a reader sees it: blocks and table cells apart. */
function readerText(node: Node): string {
  if (node.nodeType === node.TEXT_NODE) return (node as Text).data;
  const inner = [...node.childNodes].map(readerText).join('');
  return node.nodeType === node.ELEMENT_NODE && APART.test((node as Element).localName)
    ? ` ${inner} `
    : inner;
}

/**
 * What Readability, alone on the untouched page, keeps: its text and its http(s) links. Less
 * any `nav` it lets through (a breadcrumb trail): a page marks that as the site's navigation,
 * not its story.
 */
function readerView(html: string, base: string | null) {
  const dom = new JSDOM(html, { url: base ?? 'https://reference.invalid/' });
  const article = new Readability<Node>(dom.window.document, {
    serializer: (node) => node,
  }).parse();
  const content = article?.content as Element;
  for (const nav of content.querySelectorAll('nav')) nav.remove();
  const links = [...content.querySelectorAll('a[href]')]
    .map((anchor) => ({ text: fold(anchor.textContent ?? ''), url: anchor.getAttribute('href')! }))
    .filter((link) => /^https?:\/\//.test(link.url) && link.text !== '');
  return { text: readerText(content), links };
}

function storyText(article: ArticleDocument, related: readonly string[]): string {
  return [
    article.headline.text,
    article.byline ?? '',
    ...article.sections.flatMap((section) => [
      section.heading ?? '',
      ...section.blocks.map(blockText),
    ]),
    ...related,
  ].join('\n');
}

function storyLinks(article: ArticleDocument) {
  const links: LinkNode[] = [];
  for (const section of article.sections)
    forEachInline(section.blocks, (node) => node.type === 'link' && links.push(node));
  return links.map((link) => ({ text: fold(inlineText(link.content)), url: link.url }));
}

function storyQuotes(article: ArticleDocument) {
  const quotes: QuoteNode[] = [];
  for (const section of article.sections)
    forEachInline(section.blocks, (node) => node.type === 'quote' && quotes.push(node));
  return quotes;
}

/** Each fixture's figures, printed once all have run: the note on the issue quotes them. */
const figures: string[] = [];

describe.each(names)('the saved page %s', (name) => {
  const html = readFileSync(join(folder, `${name}.html`), 'utf8');
  const expected = JSON.parse(
    readFileSync(join(folder, `${name}.expect.json`), 'utf8'),
  ) as Expectation;
  const file = `tests/fixtures/pages/${name}.html`;
  const diagnostics = new Diagnostics(file);
  const source = parseHtmlSource(html, file, diagnostics);
  const article = buildArticle(
    'story',
    source,
    {},
    { source: file, meta: 'story.meta.json' },
    diagnostics,
  );
  const reference = readerView(html, expected.base);

  it('ingests, with the facts the page states', () => {
    expect(article.headline).toEqual({ text: expected.headline, origin: 'published' });
    expect(article.byline ?? null).toBe(expected.byline);
    expect(article.published ?? null).toBe(expected.published);
    expect(article.updated ?? null).toBe(expected.updated);
    expect(article.lang).toBe(expected.lang);
    expect(article.dir).toBe(expected.dir);
    expect(article.siteName ?? null).toBe(expected.siteName);
  });

  it('keeps at least 98% of the words a reader view keeps', () => {
    const kept = new Map<string, number>();
    for (const word of words(storyText(article, source.related))) {
      kept.set(word, (kept.get(word) ?? 0) + 1);
    }
    const wanted = words(reference.text);
    let found = 0;
    for (const word of wanted) {
      const left = kept.get(word) ?? 0;
      if (left > 0) {
        found += 1;
        kept.set(word, left - 1);
      }
    }
    const share = found / wanted.length;
    figures.push(
      `${name}: ${(share * 100).toFixed(1)}% of ${wanted.length} words, ` +
        `${storyLinks(article).length}/${reference.links.length} links, ${diagnostics.warnings.length} warnings`,
    );
    expect(wanted.length).toBeGreaterThan(300);
    expect(share).toBeGreaterThanOrEqual(0.98);
  });

  it('keeps every http(s) link of the body, with its words and absolute URL', () => {
    const links = storyLinks(article);
    for (const link of reference.links) expect(links).toContainEqual(link);
    for (const link of links) expect(link.url).toMatch(/^(https?:\/\/|mailto:)/);
  });

  it('finds its quotations, each once, with the speaker its text names or none', () => {
    const quotes = storyQuotes(article);
    for (const quotation of expected.quotations) {
      const first = quotes.find(
        (quote) =>
          !quote.continued && fold(inlineText(quoteContent(quote))) === fold(quotation.text),
      );
      expect(first, quotation.text).toBeDefined();
      expect(quotes.filter((quote) => quote.id === first!.id)).toHaveLength(quotation.paragraphs);
      // The rules read English reporting verbs: in other languages a quotation may stay
      // unattributed, and a wrong speaker is never allowed.
      if (expected.lang.startsWith('en') && quotation.attributed !== false)
        expect(first!.speaker ?? null).toBe(quotation.speaker);
      else expect([quotation.speaker, undefined]).toContain(first!.speaker);
    }
  });
});

afterAll(() => console.info(`saved pages:\n${figures.join('\n')}`));
