import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { articleQuotes, toArticle } from '../../../src/content/article';
import { blockText } from '../../../src/content/nodes';
import { ArticleView } from '../../../src/features/article/article-view';
import { buildArticle } from '../../../src/ingest/build-story';
import { IngestError } from '../../../src/ingest/errors';
import { parseTextSource } from '../../../src/ingest/text-source';

const files = { source: 'generated.txt', meta: 'generated.meta.json' };
const words = (text: string) => text.match(/\S+/g) ?? [];

const word = fc.constantFrom(
  'the',
  'council',
  'said',
  'Okafor',
  'Ada',
  'bridge',
  'he',
  'told',
  'reporters',
  'according',
  'to',
  'мост',
  'Жители',
  'сказал',
  'Zürich',
  'café',
  'naïve',
  '267',
  '$500bn',
  'US-Russia',
  'Ukraine’s',
  'so-called',
  'who',
  'called',
  'it',
  'Ελλάδα',
  'città',
  '—',
  '[membership]',
);
const phrase = fc.array(word, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' '));
const quotation = fc
  .tuple(fc.constantFrom('“', '«'), phrase)
  .map(([mark, text]) => (mark === '“' ? `“${text}”` : `«${text}»`));
const sentence = fc
  .array(fc.oneof({ weight: 3, arbitrary: phrase }, { weight: 1, arbitrary: quotation }), {
    minLength: 1,
    maxLength: 4,
  })
  .map((parts) => `${parts.join(', ')}.`.replace(/^\p{Ll}/u, (first) => first.toUpperCase()));
const paragraph = fc
  .array(sentence, { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(' '));
const heading = fc
  .array(fc.constantFrom('Growing', 'Tensions', 'Trade', 'Мост', 'Città', 'US-Ukraine', 'Talks'), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join(' '));
/** A story in the plain-text format: paragraphs, with a heading now and then before one. */
const story = fc
  .array(fc.tuple(fc.option(heading, { freq: 3 }), paragraph), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.flatMap(([title, text]) => (title ? [title, text] : [text])));

function build(lines: readonly string[]) {
  const text = `${lines.join('\n')}\n`;
  return toArticle(
    buildArticle('generated', parseTextSource(text, files.source), { headline: 'H' }, files),
  );
}

describe('ingest, for generated stories', () => {
  it('renders every paragraph and heading word for word, in order', () => {
    fc.assert(
      fc.property(story, (lines) => {
        const article = build(lines);
        const html = renderToStaticMarkup(
          <MemoryRouter>
            <ArticleView article={article} />
          </MemoryRouter>,
        );
        const dom = new DOMParser().parseFromString(html, 'text/html');
        const body = dom.querySelector('.article-body')!;
        for (const control of body.querySelectorAll('button, [role="status"]')) control.remove();
        const rendered = [...body.querySelectorAll('h2, p')].map((element) =>
          words(element.textContent ?? ''),
        );
        expect(rendered).toEqual(lines.map(words));
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the model’s text equal to the source lines', () => {
    fc.assert(
      fc.property(story, (lines) => {
        const article = build(lines);
        const texts = article.sections.flatMap((section) => [
          ...(section.heading === undefined ? [] : [section.heading]),
          ...section.blocks.map(blockText),
        ]);
        expect(texts).toEqual(lines);
      }),
      { numRuns: 300 },
    );
  });

  it('gives unique section ids, and the same ids and quote ids on every ingest', () => {
    fc.assert(
      fc.property(story, (lines) => {
        const first = build(lines);
        const second = build(lines);
        const ids = first.sections.map((section) => section.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(second.sections.map((section) => section.id)).toEqual(ids);
        const quoteIds = articleQuotes(first).map((quote) => quote.id);
        expect(new Set(quoteIds).size).toBe(quoteIds.length);
        expect(articleQuotes(second).map((quote) => quote.id)).toEqual(quoteIds);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a quotation’s id when the text around it changes', () => {
    fc.assert(
      fc.property(story, paragraph, (lines, added) => {
        const before = articleQuotes(build(lines)).map((quote) => quote.id);
        const after = articleQuotes(build([...lines, added.replace(/[“”«»]/g, '')])).map(
          (quote) => quote.id,
        );
        expect(after).toEqual(before);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary text: it succeeds or reports a located error', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.string({ maxLength: 200 }),
        (text, extra) => {
          try {
            buildArticle(
              'generated',
              parseTextSource(`${text}\n${extra}`, files.source),
              { headline: 'H' },
              files,
            );
          } catch (error) {
            expect(error).toBeInstanceOf(IngestError);
            expect((error as IngestError).message).toMatch(
              /^generated(\.meta\.json|\.txt):\d+:\d+: \S/,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
