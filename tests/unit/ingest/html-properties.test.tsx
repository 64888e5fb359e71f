/**
 * Saved pages nobody here has seen: arbitrary HTML, made of the elements news pages use, the
 * links they hold (hostile ones too) and text in several scripts with quotation marks of every
 * style, paired or not.
 */
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { blockAnchor, toArticle } from '../../../src/content/article';
import { blockText, forEachInline } from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import { ArticleView } from '../../../src/features/article/article-view';
import { buildArticle } from '../../../src/ingest/build-story';
import { Diagnostics, IngestError } from '../../../src/ingest/errors';
import { parseHtmlSource } from '../../../src/ingest/html-source';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const words = fc.constantFrom(
  'Okafor said',
  ' “we are ready,” ',
  '“Every year',
  'it grows.”',
  '«non»',
  '« oui »',
  '„Ja“',
  '»nein«',
  '”Nej”',
  '‘single’',
  'the council',
  'Zürich',
  'تحلية المياه',
  'מים',
  'Жители',
  ' ',
  '\n',
  '  ',
  'x"y',
  'don’t',
  '&',
  '—',
);
const text = fc.array(words, { minLength: 1, maxLength: 4 }).map((parts) => escape(parts.join('')));

const href = fc.constantFrom(
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:void(0)',
  'java\tscript:alert(1)',
  'data:text/html,<b>x</b>',
  'vbscript:msgbox(1)',
  'https://example.org/a?b=c#d',
  'http://example.org/',
  'mailto:desk@example.org',
  '/relative/path',
  '../up',
  '#fragment',
  '',
  'ftp://files.example.org/x',
);

const TAGS = [
  'p',
  'h2',
  'h3',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'tr',
  'td',
  'th',
  'pre',
  'figure',
  'figcaption',
  'a',
  'em',
  'strong',
  'code',
  'sub',
  'sup',
  'span',
  'div',
  'q',
  'footer',
  'cite',
] as const;

const { node } = fc.letrec<{ node: string; element: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    tie('element'),
    fc.constant('<br>'),
    fc.constant('<img src="https://img.example/a.jpg" alt="A heron">'),
  ),
  element: fc
    .record({
      tag: fc.constantFrom(...TAGS),
      href,
      children: fc.array(tie('node'), { maxLength: 4 }),
    })
    .map(({ tag, href: target, children }) => {
      const attributes = tag === 'a' ? ` href="${escape(target).replace(/"/g, '&quot;')}"` : '';
      return `<${tag}${attributes}>${children.join('')}</${tag}>`;
    }),
}));

const FILLER = Array.from(
  { length: 4 },
  (_, n) =>
    `<p>Paragraph ${n + 1} runs on for a while, as the paragraphs of a news story do, with words enough to be read as the story’s text.</p>`,
).join('');

/** A page around the generated markup: with a story's worth of words, or only the markup. */
const page = fc
  .tuple(fc.array(node, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean())
  .map(
    ([nodes, filler, base]) =>
      `<!doctype html><html lang="en"><head><title>A story</title>${
        base ? '<base href="https://news.example/2026/story/">' : ''
      }</head><body><nav><a href="/">Home</a></nav><article><h1>A story</h1>${
        filler ? FILLER : ''
      }${nodes.join('')}${filler ? FILLER : ''}</article></body></html>`,
  );

type Outcome = { article: ArticleDocument } | { error: unknown };

/**
 * The three properties are checked over the same pages, each page ingested once: a page takes
 * tens of milliseconds through jsdom and Readability. One seed a run, a new one each run;
 * fast-check prints it with a counterexample, `FC_SEED=<seed>` runs those pages again and
 * `FC_RUNS=<n>` tries more of them.
 */
const runs = {
  seed: Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31)),
  numRuns: Number(process.env.FC_RUNS ?? 80),
};
const TIMEOUT = 120_000;
const outcomes = new Map<string, Outcome>();

function ingest(html: string): Outcome {
  let outcome = outcomes.get(html);
  if (!outcome) {
    outcome = ingestPage(html);
    outcomes.set(html, outcome);
  }
  return outcome;
}

function ingestPage(html: string): Outcome {
  try {
    const diagnostics = new Diagnostics('page.html');
    const source = parseHtmlSource(html, 'page.html', diagnostics);
    return {
      article: buildArticle('s', source, {}, { source: 'page.html', meta: 'm.json' }, diagnostics),
    };
  } catch (error) {
    return { error };
  }
}

describe('ingest, for arbitrary saved pages', () => {
  it(
    'succeeds, or throws an error located in the page, and nothing else',
    () => {
      fc.assert(
        fc.property(page, (html) => {
          const outcome = ingest(html);
          if ('error' in outcome) {
            expect(outcome.error).toBeInstanceOf(IngestError);
            const error = outcome.error as IngestError;
            expect(error.message).toMatch(/^page\.html:[1-9]\d*:[1-9]\d*: \S/);
          }
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it(
    'never gives a node a javascript:, data: or other non-web link',
    () => {
      fc.assert(
        fc.property(page, (html) => {
          const outcome = ingest(html);
          if (!('article' in outcome)) return;
          for (const section of outcome.article.sections) {
            forEachInline(section.blocks, (node) => {
              if (node.type !== 'link') return;
              expect(node.url).toMatch(/^(https?:\/\/|mailto:)/i);
              expect(node.url).not.toMatch(/script:|^data:/i);
            });
          }
        }),
        runs,
      );
    },
    TIMEOUT,
  );

  it(
    'renders every block with exactly its text',
    () => {
      fc.assert(
        fc.property(page, (html) => {
          const outcome = ingest(html);
          if (!('article' in outcome)) return;
          const article = toArticle(outcome.article);
          const markup = renderToStaticMarkup(
            <MemoryRouter>
              <ArticleView article={article} />
            </MemoryRouter>,
          );
          const body = new DOMParser()
            .parseFromString(markup, 'text/html')
            .querySelector('.article-body')!;
          for (const hidden of body.querySelectorAll('[aria-hidden="true"], button'))
            hidden.remove();
          const bare = (value: string) => value.replace(/\s+/g, '');
          for (const section of article.sections) {
            section.blocks.forEach((block, index) => {
              const element = body.querySelector(
                `[data-anchor="${CSS.escape(blockAnchor(section.id, index))}"]`,
              );
              expect(element, `${section.id}/${index}`).not.toBeNull();
              expect(bare(element!.textContent ?? '')).toBe(bare(blockText(block)));
            });
          }
        }),
        runs,
      );
    },
    TIMEOUT,
  );
});
