import { cleanup, render } from '@testing-library/react';
import fc from 'fast-check';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { isFullArticle, toArticle, type Article } from '../../../src/content/article';
import type { Block, InlineNode, MarkNode, Picture } from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import { storyText, type StoryText } from '../../../src/content/text-quote';
import { parseStory } from '../../../src/content/validate';
import { ArticleView } from '../../../src/features/article/article-view';
import { domStoryText, type DomStoryText } from '../../../src/features/highlights/dom-text';
import { readPublicJson } from '../../helpers/content-fetch';
import { SEED_SLUG } from '../../helpers/seed';

type Sections = { heading?: string; blocks: Block[] }[];

function articleOf(sections: Sections, extra: Partial<ArticleDocument> = {}): Article {
  return toArticle({
    slug: 'story',
    availability: 'full',
    headline: { text: 'The sea wall', origin: 'published' },
    standfirst: 'Not in the body’s text.',
    sections: sections.map((section, index) =>
      index === 0 ? { blocks: section.blocks } : { heading: section.heading ?? 'More', ...section },
    ),
    related: [{ slug: 'other-story', title: 'Not in the body’s text either' }],
    ...extra,
  });
}

function renderBody(article: Article): HTMLElement {
  const { container } = render(
    <MemoryRouter>
      <ArticleView article={article} />
    </MemoryRouter>,
  );
  return container.querySelector<HTMLElement>('.article-body')!;
}

const text = (value: string): InlineNode => ({ type: 'text', text: value });
const paragraph = (...content: (string | InlineNode)[]): Block => ({
  type: 'paragraph',
  content: content.map((node) => (typeof node === 'string' ? text(node) : node)),
});
const picture: Picture = {
  id: '0123456789abcdef',
  width: 800,
  height: 600,
  widths: [360, 800],
  placeholder: 'data:image/webp;base64,UklGRhoAAABXRUJQ',
};

/** What a reader sees of a range: its text, less the parts the story's text sets aside. */
function shownText(range: Range): string {
  const fragment = range.cloneContents();
  for (const element of fragment.querySelectorAll(
    '[aria-hidden="true"], .story-figure-alt, .section-heading',
  ))
    element.remove();
  return fragment.textContent ?? '';
}

const withoutNewlines = (value: string) => value.replace(/\n/g, '');

/**
 * Ranges over the text: every one of a short text; else each block whole and across each of
 * its edges, and a sample of others, long and short.
 */
function spans(story: StoryText, random: () => number): [number, number][] {
  const length = story.text.length;
  const found: [number, number][] = [];
  if (length <= 24) {
    for (let start = 0; start <= length; start += 1)
      for (let end = start; end <= length; end += 1) found.push([start, end]);
    return found;
  }
  const at = (offset: number) => Math.min(Math.max(0, offset), length);
  for (const { start, end } of story.blocks)
    found.push([start, end], [at(start - 1), at(start + 1)], [at(end - 1), at(end + 1)]);
  for (let n = 0; n < 100; n += 1) {
    const start = Math.floor(random() * (length + 1));
    found.push([start, at(start + 1 + Math.floor(random() * 12))]);
    const other = Math.floor(random() * (length + 1));
    if (n % 2 === 0) found.push([Math.min(start, other), Math.max(start, other)]);
  }
  return found;
}

/** The DOM's text is the model's, and offsets and ranges go back and forth between them. */
function expectTheSameText(article: Article, seed = 1): DomStoryText {
  const body = renderBody(article);
  const model = storyText(article);
  const dom = domStoryText(body);
  expect(dom.text).toBe(model.text);
  expect(dom.blocks).toEqual(model.blocks);

  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const [start, end] of spans(dom, random)) {
    const range = dom.toRange(start, end);
    const slice = dom.text.slice(start, end);
    // Separators and line breaks are in no text node: the rest is the same, character for character.
    expect(withoutNewlines(shownText(range))).toBe(withoutNewlines(slice));
    if (!slice.includes('\n')) expect(range.toString()).toBe(slice);
    const from = dom.offsetOf(range.startContainer, range.startOffset)!;
    const to = dom.offsetOf(range.endContainer, range.endOffset)!;
    if (start === end) {
      expect(range.collapsed).toBe(true);
      continue;
    }
    // A boundary moves only off a separator, to the text beside it.
    expect(from).toBeGreaterThanOrEqual(start);
    expect(to).toBeLessThanOrEqual(end);
    expect(dom.text.slice(start, from)).toMatch(/^\n?$/);
    expect(dom.text.slice(to, end)).toMatch(/^\n?$/);
    if (slice !== '\n') expect(from).toBeLessThanOrEqual(to);
    // Off a character, only a newline (a separator): a line break is a node of its own.
    if (dom.text[start] !== '\n') expect(from).toBe(start);
    if (dom.text[end - 1] !== '\n') expect(to).toBe(end);
  }

  // Each box of text, selected whole (as a triple click does), is its run.
  for (const element of body.querySelectorAll(
    'section > [data-anchor] :is(p, h3, li, td, th, caption, figcaption, pre), section > :is(p, h3, pre)[data-anchor]',
  )) {
    if (
      element.closest('.story-figure-alt') ||
      element.querySelector('p, ul, ol, figure, table, pre')
    )
      continue;
    const range = document.createRange();
    range.selectNodeContents(element);
    const from = dom.offsetOf(range.startContainer, range.startOffset)!;
    const to = dom.offsetOf(range.endContainer, range.endOffset)!;
    if (element.textContent) {
      expect(withoutNewlines(dom.text.slice(from, to))).toBe(withoutNewlines(element.textContent));
    }
  }
  return dom;
}

describe('the text of the rendered body', () => {
  it('is the seed story’s, with its blocks', async () => {
    const url = `/content/articles/${SEED_SLUG}.json`;
    const seed = parseStory(url, readPublicJson(url));
    if (!isFullArticle(seed)) throw new Error('the seed is a full article');
    const dom = expectTheSameText(seed);
    expect(dom.blocks.map((block) => block.anchor)).toContain('growing-tensions-with-the-us/2');
  });

  const everyKind = articleOf([
    {
      blocks: [
        paragraph(
          'Plain, ',
          {
            type: 'emphasis',
            content: [text('emphasis '), { type: 'strong', content: [text('strong')] }],
          },
          ' H',
          { type: 'subscript', content: [text('2')] },
          'O, x',
          { type: 'superscript', content: [text('2')] },
          ', ',
          { type: 'code', text: 'npm run build' },
          { type: 'break' },
          { type: 'link', url: 'https://example.com/', content: [text('a site')] },
          ', ',
          { type: 'link', url: 'mailto:desk@example.com', content: [text('an email')] },
          ' and ',
          {
            type: 'link',
            url: 'https://example.com/other',
            story: 'other-story',
            content: [text('a story')],
          },
          '.',
        ),
        paragraph(
          '“',
          {
            type: 'quote',
            id: 'long',
            speaker: 'Ada Okafor',
            kind: 'statement',
            text: 'We begin here,',
          },
          '” she said.',
        ),
        paragraph(
          '“',
          {
            type: 'quote',
            id: 'long',
            kind: 'statement',
            continued: true,
            content: [text('and go on '), { type: 'emphasis', content: [text('here')] }, text('.')],
          },
          '”',
        ),
        { type: 'subheading', text: 'A subheading' },
        {
          type: 'list',
          ordered: true,
          start: 3,
          items: [
            [paragraph('A lone paragraph, shown inline')],
            [
              paragraph('First of two'),
              paragraph('Second of two'),
              {
                type: 'list',
                ordered: false,
                items: [[paragraph('Nested')], [paragraph('Items')]],
              },
            ],
            [{ type: 'blockquote', blocks: [paragraph('Quoted in a list')] }],
            [{ type: 'figure', picture, alt: 'A quay', caption: [text('A figure in a list')] }],
          ],
        },
        {
          type: 'list',
          ordered: false,
          items: [[paragraph('Bare')], [{ type: 'preformatted', text: 'pre\n  in a list' }]],
        },
      ],
    },
    {
      heading: 'Quotes',
      blocks: [
        {
          type: 'blockquote',
          blocks: [paragraph('Said once.'), paragraph('Said twice.')],
          attribution: [text('— '), { type: 'emphasis', content: [text('Ada')] }],
        },
        { type: 'blockquote', blocks: [paragraph('Nobody said.')] },
      ],
    },
    {
      heading: 'Tables',
      blocks: [
        {
          type: 'table',
          caption: [text('Tides, '), { type: 'strong', content: [text('in metres')] }],
          head: [
            [
              { header: true, scope: 'col', content: [text('Day')] },
              { header: true, scope: 'col', colspan: 2, content: [text('High')] },
            ],
          ],
          body: [
            [
              { header: true, scope: 'row', content: [text('Mon')] },
              { content: [] },
              { content: [text('4.1')] },
            ],
            [
              { content: [text('Tue')] },
              { content: [text('3.9')] },
              { content: [{ type: 'break' }] },
            ],
          ],
          foot: [[{ content: [text('Total')] }]],
        },
        { type: 'table', head: [], body: [[{ content: [text('No caption')] }]] },
      ],
    },
    {
      heading: 'Pictures',
      blocks: [
        {
          type: 'figure',
          picture,
          alt: 'The sea wall at high tide',
          caption: [
            text('Waves over the wall, as '),
            { type: 'link', url: 'https://example.com/r', content: [text('the report')] },
            text(' warned.'),
          ],
          credit: 'Photograph: Ada Brennan',
        },
        { type: 'figure', picture, decorative: true },
        { type: 'figure', decorative: true, image: { url: 'https://example.com/gone.jpg' } },
        { type: 'figure', alt: 'A picture that could not be had' },
        { type: 'figure', alt: 'Another', caption: [text('Its caption')] },
        { type: 'figure', credit: 'Credit only' },
        { type: 'figure', picture, caption: [text('Caption only')] },
        paragraph('After the pictures.'),
      ],
    },
    {
      heading: 'Code',
      blocks: [{ type: 'preformatted', text: '  indented\n\ttabbed\n\nblank line above' }],
    },
  ]);

  it('is the model’s for every kind of block and inline node', () => {
    const dom = expectTheSameText(everyKind);
    // A figure that renders nothing between two others is an empty block, from the gap.
    expect(dom.blocks.find((block) => block.anchor === 'pictures/2')).toEqual({
      anchor: 'pictures/2',
      sectionId: 'pictures',
      start: dom.blocks.find((block) => block.anchor === 'pictures/1')!.end,
      end: dom.blocks.find((block) => block.anchor === 'pictures/1')!.end,
    });
    expect(dom.text).toContain(
      'Waves over the wall, as the report warned. Photograph: Ada Brennan',
    );
    expect(dom.text).not.toContain('could not be had');
    expect(dom.text).not.toContain('Picture');
    expect(dom.text).not.toContain('Quotes');
  });

  it('reads a right-to-left story as it reads any other', () => {
    expectTheSameText(
      articleOf(
        [
          {
            blocks: [
              paragraph(
                'قال الرئيس إن ',
                {
                  type: 'quote',
                  id: 'salam',
                  speaker: 'الرئيس',
                  kind: 'statement',
                  text: 'السلام ممكن',
                },
                '، وأضاف: ',
                { type: 'emphasis', content: [text('الآن')] },
                ' (2025).',
              ),
            ],
          },
          {
            heading: 'الاتفاق',
            blocks: [
              paragraph('שלום ', { type: 'code', text: 'x = 1' }, ' עולם'),
              { type: 'list', ordered: true, items: [[paragraph('أولاً')], [paragraph('ثانياً')]] },
            ],
          },
        ],
        { lang: 'ar', dir: 'rtl' },
      ),
    );
  });

  it('leaves out a block that renders nothing at the end of its section, which the page cannot show', () => {
    const article = articleOf([
      { blocks: [paragraph('Words.'), { type: 'figure', decorative: true }] },
      { heading: 'Next', blocks: [paragraph('More words.')] },
    ]);
    const dom = domStoryText(renderBody(article));
    const model = storyText(article);
    expect(dom.text).toBe(model.text);
    expect(dom.blocks).toEqual(model.blocks.filter((block) => block.anchor !== 'opening/1'));
  });

  it('maps points outside the text: null outside the body, the nearest text inside it', () => {
    const body = renderBody(everyKind);
    const dom = domStoryText(body);
    const headline = document.querySelector('h1')!.firstChild!;
    expect(dom.offsetOf(headline, 0)).toBeNull();
    // A section's heading: the start of its first text.
    const heading = body.querySelector('#tables h2')!.firstChild!;
    const tables = dom.blocks.find((block) => block.anchor === 'tables/0')!;
    expect(dom.offsetOf(heading, 3)).toBe(tables.start);
    // The alt text standing in for a picture: where the text after it begins.
    const standIn = body.querySelectorAll('.story-figure-alt')[1]!;
    const caption = dom.text.indexOf('Its caption');
    expect(dom.offsetOf(standIn.lastChild!, 2)).toBe(caption);
    expect(dom.offsetOf(standIn.querySelector('[aria-hidden]')!.firstChild!, 0)).toBe(caption);
    // The end of the body: the end of the text.
    expect(dom.offsetOf(body, body.childNodes.length)).toBe(dom.text.length);
    // Out of range offsets are held to the node.
    const first = body.querySelector('[data-anchor] p, p[data-anchor]')!.firstChild!;
    expect(dom.offsetOf(first, 999)).toBe((first.nodeValue ?? '').length);
  });

  it('gives a collapsed range for an empty span, and holds spans to the text', () => {
    const dom = domStoryText(renderBody(everyKind));
    expect(dom.toRange(10, 10).collapsed).toBe(true);
    expect(dom.toRange(-5, 7).toString()).toBe(dom.text.slice(0, 7));
    const end = dom.text.length;
    expect(dom.toRange(end - 4, end + 10).toString()).toBe(dom.text.slice(end - 4));
    expect(dom.toRange(20, 5).collapsed).toBe(true);
  });

  it('is empty for a body with no text', () => {
    const dom = domStoryText(renderBody(articleOf([{ blocks: [{ type: 'figure', picture }] }])));
    expect(dom.text).toBe('');
    expect(dom.blocks).toEqual([{ anchor: 'opening/0', sectionId: 'opening', start: 0, end: 0 }]);
    expect(dom.toRange(0, 0).collapsed).toBe(true);
  });
});

// Random stories, rendered: every kind of block and inline node, in several scripts.

const WORDS = ['the', 'tide', 'rose', 'Kyiv', 'мир', 'سلام', 'שלום', '和平', '🇺🇦', 'naïve', '—'];
const words = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 })
  .chain((list) =>
    fc.constantFrom('', ' ', '\u00a0').map((space) => space + list.join(' ') + space),
  );

function inline(depth: number): fc.Arbitrary<InlineNode> {
  const leaves: fc.WeightedArbitrary<InlineNode>[] = [
    { weight: 6, arbitrary: words.map((value): InlineNode => text(value)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...WORDS)
        .map((value): InlineNode => ({ type: 'code', text: value })),
    },
    { weight: 1, arbitrary: fc.constant<InlineNode>({ type: 'break' }) },
  ];
  if (depth <= 0) return fc.oneof(...leaves);
  const inner = fc.array(inline(depth - 1), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    ...leaves,
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom<MarkNode['type']>('emphasis', 'strong', 'subscript', 'superscript'),
          inner,
        )
        .map(([type, content]): InlineNode => ({ type, content })),
    },
    {
      weight: 1,
      // A link holds no link: plain text and code only.
      arbitrary: fc.array(inline(0), { minLength: 1, maxLength: 3 }).map((content): InlineNode => ({
        type: 'link',
        url: 'https://example.com/',
        content,
      })),
    },
    {
      weight: 1,
      arbitrary: fc.oneof(
        words.map((value): InlineNode => ({
          type: 'quote',
          id: 'q',
          kind: 'statement',
          text: value,
        })),
        inner.map((content): InlineNode => ({ type: 'quote', id: 'q', kind: 'word', content })),
      ),
    },
  );
}

const inlines = fc.array(inline(2), { minLength: 1, maxLength: 4 });
const cells = fc.array(
  fc.array(fc.record({ content: fc.oneof(inlines, fc.constant<InlineNode[]>([])) }), {
    minLength: 1,
    maxLength: 3,
  }),
  { maxLength: 2 },
);
const maybe = <T,>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

function block(depth: number): fc.Arbitrary<Block> {
  const kinds: fc.WeightedArbitrary<Block>[] = [
    { weight: 6, arbitrary: inlines.map((content): Block => ({ type: 'paragraph', content })) },
    { weight: 1, arbitrary: words.map((value): Block => ({ type: 'subheading', text: value })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(words, words)
        .map(([a, b]): Block => ({ type: 'preformatted', text: `${a}\n  ${b}` })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ caption: maybe(inlines), head: cells, body: cells, foot: maybe(cells) })
        .map((table): Block => ({ type: 'table', ...table })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          picture: maybe(fc.constant(picture)),
          alt: maybe(words),
          caption: maybe(inlines),
          credit: maybe(words),
        })
        // Always something to render: one that renders nothing is the example above.
        .map((figure): Block => ({
          type: 'figure',
          ...figure,
          ...(Object.values(figure).some(Boolean) ? {} : { picture }),
        })),
    },
  ];
  if (depth <= 0) return fc.oneof(...kinds);
  const children = fc.array(block(depth - 1), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    ...kinds,
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.boolean(), fc.array(children, { minLength: 1, maxLength: 3 }))
        .map(([ordered, items]): Block => ({ type: 'list', ordered, items })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(children, maybe(inlines))
        .map(([blocks, attribution]): Block => ({ type: 'blockquote', blocks, attribution })),
    },
  );
}

describe('the text of any rendered story', () => {
  it('is the model’s, block for block, and its ranges and offsets agree', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            heading: fc.constantFrom('Tides', 'Tides', 'Мир'),
            blocks: fc.array(block(2), { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.constantFrom<'ltr' | 'rtl'>('ltr', 'rtl'),
        fc.nat(),
        (sections, dir, seed) => {
          expectTheSameText(articleOf(sections, { dir }), seed);
          cleanup();
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);
});
