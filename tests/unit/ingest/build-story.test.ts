// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { articleSchema } from '../../../src/content/schema';
import { articleQuotes, toArticle } from '../../../src/content/article';
import { blockText } from '../../../src/content/nodes';
import { buildArticle, quoteIdFor } from '../../../src/ingest/build-story';
import { Diagnostics, formatWarning, IngestError } from '../../../src/ingest/errors';
import { parseHtmlSource } from '../../../src/ingest/html-source';
import { parseTextSource } from '../../../src/ingest/text-source';
import { readPublicJson } from '../../helpers/content-fetch';
import { SEED_SLUG, seedText } from '../../helpers/seed';

const fixture = (name: string) =>
  readFileSync(resolve(import.meta.dirname, '../../fixtures/stories', name), 'utf8');
const files = { source: 'story.txt', meta: 'story.meta.json' };

describe('building an article from its source', () => {
  it('makes the seed exactly as the hand-written JSON of the first edition had it', () => {
    const legacy = {
      ...JSON.parse(readFileSync(resolve(import.meta.dirname, 'seed-first-edition.json'), 'utf8')),
      // What the first edition did not say: the language its metadata file states, the
      // direction that language runs, and when the newsroom took the story in (the date of the
      // commit that first added its metadata file).
      lang: 'en',
      dir: 'ltr',
      ingested: '2026-11-28T06:40:18+00:00',
    };
    // Through the schema, as the reader fetches both: its defaults apply alike.
    expect(v.parse(articleSchema, readPublicJson(`content/articles/${SEED_SLUG}.json`))).toEqual(
      v.parse(articleSchema, legacy),
    );
  });

  it('makes quote ids from the quotation’s first words, the same on every ingest', () => {
    expect(quoteIdFor('If [it means] peace for Ukraine, if you really need me')).toBe(
      'if-it-means-peace-for-ukraine',
    );
    const once = buildArticle('s', parseTextSource(seedText, 's.txt'), { headline: 'H' }, files);
    const again = buildArticle('s', parseTextSource(seedText, 's.txt'), { headline: 'H' }, files);
    expect(articleQuotes(again).map((quote) => quote.id)).toEqual(
      articleQuotes(once).map((quote) => quote.id),
    );
  });

  it('refuses a story with no headline, and says how to give one', () => {
    expect(() => buildArticle('s', parseTextSource(seedText, 's.txt'), {}, files)).toThrow(
      /^story\.txt:1:1: the story has no headline, and a headline is editorial: give one with --headline/,
    );
  });

  it('keeps an unmatched quotation mark as text, and reports it at its line and column', () => {
    const source = parseTextSource(fixture('unmatched.txt'), 'unmatched.txt');
    const diagnostics = new Diagnostics('unmatched.txt');
    const article = buildArticle(
      's',
      source,
      { headline: 'H' },
      { ...files, source: 'unmatched.txt' },
      diagnostics,
    );
    expect(article.sections[0]!.blocks.map(blockText)).toEqual(
      fixture('unmatched.txt').trim().split('\n'),
    );
    expect(articleQuotes(article)).toEqual([]);
    expect(diagnostics.warnings.map(formatWarning)).toEqual([
      'unmatched.txt:2:24: warning: unmatched “: the quotation it opens is never closed',
    ]);
  });

  it('refuses it instead in strict mode, for a newsroom that checks its own sources', () => {
    const source = parseTextSource(fixture('unmatched.txt'), 'unmatched.txt');
    expect(() =>
      buildArticle(
        's',
        source,
        { headline: 'H' },
        { ...files, source: 'unmatched.txt' },
        new Diagnostics('unmatched.txt', true),
      ),
    ).toThrow(
      new IngestError(
        'unmatched.txt',
        2,
        24,
        'unmatched “: the quotation it opens is never closed',
      ),
    );
  });

  it('applies the editorial file’s corrections by quote id: a speaker, none, a kept id', () => {
    const article = buildArticle(
      's',
      parseTextSource(fixture('harbour-bridge.txt'), 'h.txt'),
      {
        headline: 'H',
        quotes: {
          'past-its-best': { speaker: 'Port Avalon Residents’ Survey' },
          'the-bridge-has-carried-this-city': { speaker: null, id: 'deserves-a-rest' },
        },
      },
      files,
    );
    const quotes = articleQuotes(article);
    expect(quotes.find((quote) => quote.id === 'past-its-best')?.speaker).toBe(
      'Port Avalon Residents’ Survey',
    );
    const renamed = quotes.find((quote) => quote.id === 'deserves-a-rest');
    expect(renamed?.speaker).toBeUndefined();
  });

  it('refuses a correction of a quotation the story does not have', () => {
    expect(() =>
      buildArticle(
        's',
        parseTextSource(seedText, 's.txt'),
        { headline: 'H', quotes: { nope: { speaker: 'X' } } },
        files,
      ),
    ).toThrow(/^story\.meta\.json:1:1: corrections name quotations the story does not have: nope/);
  });

  it('gives repeated headings their own section ids, and keeps other scripts', () => {
    const article = toArticle(
      buildArticle(
        's',
        parseTextSource(fixture('harbour-bridge.txt'), 'h.txt'),
        { headline: 'H' },
        files,
      ),
    );
    expect(article.sections.map((section) => section.id)).toEqual([
      'opening',
      'traffic-and-trade',
      'traffic-and-trade-2',
      'голоса-горожан',
    ]);
    expect(articleQuotes(article).map((quote) => [quote.id, quote.speaker ?? null])).toEqual([
      ['the-bridge-has-carried-this-city', 'Ada Okafor'],
      ['we-will-keep-it-open-to', 'Ada Okafor'],
      ['past-its-best', null],
      ['half-my-morning-trade-comes-over', 'Tomas Lindqvist'],
      ['sticking-plaster', null],
      ['сердце-города', null],
    ]);
  });

  it('maps a saved web page through Readability, with the page title as the published headline', () => {
    const source = parseHtmlSource(fixture('saved-page.html'), 'saved-page.html');
    const article = buildArticle(
      'night-trains',
      source,
      {},
      { ...files, source: 'saved-page.html' },
    );
    expect(article.headline).toEqual({
      text: 'Night trains return to the northern line',
      origin: 'published',
    });
    expect(article.sections.map((section) => section.heading)).toEqual([
      undefined,
      'A slow return',
    ]);
    const text = JSON.stringify(article);
    expect(text).not.toMatch(/All rights reserved|Sport/);
    expect(articleQuotes(article).map((quote) => quote.speaker)).toEqual([
      'Mira Santos',
      'Mira Santos',
      'Mira Santos',
    ]);
  });

  it('reports a page with no article in it', () => {
    expect(() => parseHtmlSource('<html><body><nav>Home</nav></body></html>', 'nav.html')).toThrow(
      /^nav\.html:1:1: no article found in this page/,
    );
  });
});
