// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFullArticle, toArticle, type Article } from '../../../src/content/article';
import {
  inlineText,
  type Block,
  type InlineNode,
  type MarkNode,
  type Paragraph,
} from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import {
  anchorQuote,
  CONTEXT,
  quoteSectionId,
  quoteSelector,
  storyText,
  type StoryText,
  type TextQuote,
} from '../../../src/content/text-quote';
import { parseStory } from '../../../src/content/validate';
import { readPublicJson } from '../../helpers/content-fetch';
import { SEED_SLUG, seedParagraphs } from '../../helpers/seed';

type Doc = { heading?: string; blocks: Block[] }[];

function articleOf(sections: Doc): Article {
  const document: ArticleDocument = {
    slug: 'story',
    availability: 'full',
    headline: { text: 'A story', origin: 'published' },
    sections: sections.map((section, index) =>
      index === 0 ? { blocks: section.blocks } : { heading: section.heading ?? 'More', ...section },
    ),
    related: [],
  };
  return toArticle(document);
}

const text = (value: string): InlineNode => ({ type: 'text', text: value });
const paragraph = (...content: (string | InlineNode)[]): Paragraph => ({
  type: 'paragraph',
  content: content.map((node) => (typeof node === 'string' ? text(node) : node)),
});

const seedUrl = `/content/articles/${SEED_SLUG}.json`;
const seed = parseStory(seedUrl, readPublicJson(seedUrl));
if (!isFullArticle(seed)) throw new Error('the seed is a full article');

/** The range with its whitespace trimmed, as quoteSelector takes it. */
function trimmed(value: string, start: number, end: number) {
  while (start < end && /\s/.test(value[start]!)) start += 1;
  while (end > start && /\s/.test(value[end - 1]!)) end -= 1;
  return { start, end };
}

/** A selector for the first place of `words` in the story. */
function quoteOf(story: StoryText, words: string, from = 0): TextQuote {
  const start = story.text.indexOf(words, from);
  expect(start).toBeGreaterThanOrEqual(0);
  const quote = quoteSelector(story, start, start + words.length);
  expect(quote).not.toBeNull();
  return quote!;
}

describe("a story's text", () => {
  it('is the seed body paragraphs, a newline apart, without the headings', () => {
    const story = storyText(seed);
    expect(story.text).toBe(seedParagraphs.join('\n'));
    expect(story.blocks).toHaveLength(seedParagraphs.length);
    expect(story.blocks[0]).toEqual({
      anchor: 'opening/0',
      sectionId: 'opening',
      start: 0,
      end: seedParagraphs[0]!.length,
    });
    for (const [index, block] of story.blocks.entries())
      expect(story.text.slice(block.start, block.end)).toBe(seedParagraphs[index]);
  });

  it('has a run for each box of text the body renders, and nothing it leaves out', () => {
    const story = storyText(
      articleOf([
        {
          blocks: [
            paragraph('One ', { type: 'emphasis', content: [text('two')] }, { type: 'break' }, 'x'),
            { type: 'subheading', text: 'Sub' },
            {
              type: 'list',
              ordered: false,
              items: [
                [paragraph('lone')],
                [paragraph('first'), { type: 'list', ordered: true, items: [[paragraph('deep')]] }],
              ],
            },
          ],
        },
        {
          heading: 'Not text',
          blocks: [
            {
              type: 'blockquote',
              blocks: [paragraph('said'), paragraph('more')],
              attribution: [text('— Ada')],
            },
            {
              type: 'table',
              caption: [text('Cap')],
              head: [[{ header: true, content: [text('H')] }, { content: [] }]],
              body: [[{ content: [text('b1')] }, { content: [{ type: 'code', text: 'b2' }] }]],
              foot: [[{ content: [text('f')] }]],
            },
            { type: 'figure', alt: 'Not published text', decorative: true },
            { type: 'figure', alt: 'A quay', caption: [text('The quay')], credit: 'Photo: Bo' },
            { type: 'figure', credit: 'Photo only' },
            { type: 'preformatted', text: '  a\n  b' },
            paragraph(
              '“',
              {
                type: 'quote',
                id: 'q',
                kind: 'statement',
                content: [
                  text('quoted '),
                  { type: 'link', url: 'https://x.org/', content: [text('link')] },
                ],
              },
              '”',
            ),
          ],
        },
      ]),
    );
    expect(story.text).toBe(
      [
        'One two\nx',
        'Sub',
        'lone',
        'first',
        'deep',
        'said',
        'more',
        '— Ada',
        'Cap',
        'H',
        'b1',
        'b2',
        'f',
        'The quay Photo: Bo',
        'Photo only',
        '  a\n  b',
        '“quoted link”',
      ].join('\n'),
    );
    const spans = story.blocks.map((block) => [
      block.anchor,
      story.text.slice(block.start, block.end),
    ]);
    expect(spans).toEqual([
      ['opening/0', 'One two\nx'],
      ['opening/1', 'Sub'],
      ['opening/2', 'lone\nfirst\ndeep'],
      ['not-text/0', 'said\nmore\n— Ada'],
      ['not-text/1', 'Cap\nH\nb1\nb2\nf'],
      ['not-text/2', ''],
      ['not-text/3', 'The quay Photo: Bo'],
      ['not-text/4', 'Photo only'],
      ['not-text/5', '  a\n  b'],
      ['not-text/6', '“quoted link”'],
    ]);
    // An empty block stands where its text would be: at the end of the text before it.
    const empty = story.blocks[5]!;
    expect(empty.start).toBe(story.blocks[4]!.end);
    expect(empty.end).toBe(empty.start);
  });
});

describe('quoteSelector', () => {
  const story = storyText(seed);

  it('keeps the words, up to 32 characters either side, the position and the block', () => {
    const words = 'the largest drone attack';
    const start = story.text.indexOf(words);
    const quote = quoteSelector(story, start - 1, start + words.length + 1);
    expect(quote).toEqual({
      exact: words,
      prefix: story.text.slice(start - CONTEXT, start),
      suffix: story.text.slice(start + words.length, start + words.length + CONTEXT),
      position: start,
      anchor: 'opening/0',
    });
    expect(quote!.prefix).toHaveLength(32);
  });

  it('has less context at the story’s start and end', () => {
    const first = quoteSelector(story, 0, 9)!;
    expect(first).toMatchObject({ exact: 'Ukraine’s', prefix: '', position: 0 });
    const end = story.text.length;
    const last = quoteSelector(story, end - 5, end)!;
    expect(last.suffix).toBe('');
    expect(last.anchor).toBe(story.blocks.at(-1)!.anchor);
  });

  it('is null for an empty, reversed, out-of-range, blank or cross-section range', () => {
    expect(quoteSelector(story, 5, 5)).toBeNull();
    expect(quoteSelector(story, 6, 5)).toBeNull();
    expect(quoteSelector(story, -1, 5)).toBeNull();
    expect(quoteSelector(story, 0, story.text.length + 1)).toBeNull();
    expect(quoteSelector(story, 0.5, 4)).toBeNull();
    const space = story.text.indexOf(' ');
    expect(quoteSelector(story, space, space + 1)).toBeNull();
    const opening = story.blocks.filter((block) => block.sectionId === 'opening').at(-1)!;
    expect(quoteSelector(story, opening.end - 4, opening.end + 5)).toBeNull();
    // Across paragraphs of one section is a passage like any other.
    expect(quoteSelector(story, opening.start - 5, opening.end)).not.toBeNull();
  });

  it('names the section of its anchor, split at the last slash', () => {
    expect(quoteSectionId({ anchor: 'growing-tensions-with-the-us/2' })).toBe(
      'growing-tensions-with-the-us',
    );
    expect(quoteSectionId({ anchor: 'a/b/12' })).toBe('a/b');
    expect(quoteSectionId(quoteOf(story, 'the largest drone assault'))).toBe(
      'russia-launches-largest-drone-attack-on-ukraine',
    );
  });
});

describe('anchorQuote', () => {
  const story = storyText(seed);
  const edited = (change: (doc: Doc) => void) => {
    const doc: Doc = seed.sections.map((section) => ({
      heading: section.heading,
      blocks: [...section.blocks],
    }));
    change(doc);
    return storyText(articleOf(doc));
  };

  it('places a quote where it was when nothing changed', () => {
    const quote = quoteOf(story, 'past financial support');
    expect(anchorQuote(story, quote)).toEqual({
      start: quote.position,
      end: quote.position + quote.exact.length,
    });
  });

  it('follows its words when text before them grows or shrinks, or their section is renamed', () => {
    const quote = quoteOf(story, 'past financial support');
    const later = edited((doc) => {
      doc[0]!.blocks.unshift(paragraph('A correction was made to this story.'));
      doc[0]!.blocks.splice(2, 1);
      doc[1]!.heading = 'Tensions';
    });
    const place = anchorQuote(later, quote)!;
    expect(later.text.slice(place.start, place.end)).toBe('past financial support');
    expect(place.start).not.toBe(quote.position);
    expect(quoteSectionId(quote)).toBe('growing-tensions-with-the-us');
    expect(
      later.blocks.find((block) => block.start <= place.start && place.start < block.end)!.anchor,
    ).toBe('tensions/2');
  });

  it('could not be placed once its own words changed', () => {
    const quote = quoteOf(story, 'past financial support');
    const later = edited((doc) => {
      const block = doc[1]!.blocks[2]!;
      doc[1]!.blocks[2] = paragraph(blockTextOf(block).replace('past financial', 'earlier'));
    });
    expect(anchorQuote(later, quote)).toBeNull();
  });

  it('chooses, of two places with the same words and context, the one nearest its position', () => {
    const repeated = 'The river rose again overnight, and the town council met at dawn to decide.';
    const both = storyText(
      articleOf([{ blocks: [paragraph(repeated), paragraph('Between.'), paragraph(repeated)] }]),
    );
    const second = both.text.lastIndexOf('council met');
    const quote = quoteSelector(both, second, second + 'council met'.length)!;
    expect(anchorQuote(both, quote)).toEqual({ start: second, end: second + 11 });
    const first = both.text.indexOf('council met');
    expect(anchorQuote(both, { ...quote, position: first + 3 })!.start).toBe(first);
  });

  it('finds words that moved far in a long story, and of copies the nearest', () => {
    const filler = (from: number, count: number) =>
      Array.from({ length: count }, (_, n) =>
        paragraph(`Paragraph ${from + n} of the filler says nothing much at all.`),
      );
    const passage = paragraph('The harbour master counted forty-one boats before the storm.');
    const words = 'forty-one boats';
    const story = storyText(
      articleOf([{ blocks: [...filler(0, 300), passage, ...filler(300, 300), passage] }]),
    );
    const [first, second] = [story.text.indexOf(words), story.text.lastIndexOf(words)];
    const quote = quoteSelector(story, first, first + words.length)!;
    const farther = quoteSelector(story, second, second + words.length)!;
    expect(story.text.length).toBeGreaterThan(30_000);
    for (const added of [1, 30, 250]) {
      // Paragraphs added at the start: each copy moves by hundreds or thousands of characters.
      const later = storyText(
        articleOf([
          {
            blocks: [
              ...filler(1000, added),
              ...filler(0, 300),
              passage,
              ...filler(300, 300),
              passage,
            ],
          },
        ]),
      );
      const moved = later.text.indexOf(words);
      const movedSecond = later.text.lastIndexOf(words);
      expect(moved - first).toBeGreaterThan(added * 50);
      expect(anchorQuote(later, quote)).toEqual({ start: moved, end: moved + words.length });
      // The copies' words and context are the same: only the position tells them apart, so a
      // copy that moved further than halfway to the other is taken for it.
      const nearer = movedSecond - second < second - moved ? movedSecond : moved;
      expect(nearer).toBe(added === 250 ? moved : movedSecond);
      expect(anchorQuote(later, farther)).toEqual({ start: nearer, end: nearer + words.length });
    }
    // Paragraphs removed before them: they move the other way.
    const shorter = storyText(
      articleOf([{ blocks: [...filler(100, 200), passage, ...filler(300, 300), passage] }]),
    );
    expect(anchorQuote(shorter, quote)!.start).toBe(shorter.text.indexOf(words));
    // A position off either end of the text still finds the nearest.
    expect(anchorQuote(story, { ...quote, position: -50 })!.start).toBe(first);
    expect(anchorQuote(story, { ...quote, position: 1e9 })!.start).toBe(second);
  });

  it('places distinctive words found once when one side of their context is intact', () => {
    const quote = quoteOf(story, 'linking its assistance to a deal');
    const later = edited((doc) => {
      const block = doc[1]!.blocks[1]!;
      doc[1]!.blocks[1] = paragraph(
        blockTextOf(block).replace('The US is now', 'Since March, Washington has been'),
      );
    });
    const place = anchorQuote(later, quote)!;
    expect(later.text.slice(place.start, place.end)).toBe(quote.exact);
  });

  it('does not place words found once whose context changed on both sides', () => {
    const quote = quoteOf(story, 'linking its assistance to a deal');
    const later = edited((doc) => {
      const block = doc[1]!.blocks[1]!;
      doc[1]!.blocks[1] = paragraph(
        blockTextOf(block)
          .replace('The US is now', 'Since March, Washington has been')
          .replace('involving Ukraine’s rare', 'over the rare'),
      );
    });
    expect(anchorQuote(later, quote)).toBeNull();
  });

  it('does not place a phrase the story repeats once its context changed on one side', () => {
    // "he said" stands in the seed twice: with half its context gone, either could be it.
    const quote = quoteOf(story, 'he said');
    const later = edited((doc) => {
      const block = doc[1]!.blocks[2]!;
      doc[1]!.blocks[2] = paragraph(
        blockTextOf(block).replace('there,” he said. “It', 'there,” he said, “it'),
      );
    });
    expect(story.text.split('he said').length).toBeGreaterThan(2);
    expect(anchorQuote(later, quote)).toBeNull();
  });

  it('does not place a short word found once without its context', () => {
    const quote = quoteOf(story, 'mediator');
    const later = edited((doc) => {
      const block = doc[1]!.blocks[0]!;
      doc[1]!.blocks[0] = paragraph(
        blockTextOf(block).replace('just a mediator', 'a mere mediator'),
      );
    });
    expect(later.text.split('mediator')).toHaveLength(2);
    expect(anchorQuote(later, quote)).toBeNull();
  });

  it('places words at the story’s start when what stood before them was removed', () => {
    const quote = quoteOf(story, 'Zelenskyy’s statement comes');
    const later = edited((doc) => {
      doc[0]!.blocks.splice(0, 2);
    });
    expect(later.text.startsWith('Zelenskyy’s statement comes')).toBe(true);
    expect(anchorQuote(later, quote)).toEqual({ start: 0, end: quote.exact.length });
  });

  it('is null for a quote with no words, or whose words are nowhere', () => {
    expect(anchorQuote(story, { ...quoteOf(story, 'Kyiv'), exact: '' })).toBeNull();
    expect(anchorQuote(story, { ...quoteOf(story, 'Kyiv'), exact: 'Lviv' })).toBeNull();
    expect(anchorQuote(story, { ...quoteOf(story, 'Kyiv'), position: Number.NaN })).not.toBeNull();
  });
});

function blockTextOf(block: Block): string {
  if (block.type !== 'paragraph') throw new Error('a paragraph was expected');
  return inlineText(block.content);
}

// Random stories: every kind of block and inline node, several scripts (right to left too),
// whitespace of several kinds, and phrases that repeat, so that words stand in many places.

const WORDS = [
  'the',
  'deal',
  'was',
  'signed',
  'Kyiv',
  'said',
  'peace',
  'NATO',
  '$500bn',
  '—',
  'naïve',
  'e\u0301te\u0301',
  'минералы',
  'мир',
  'سلام',
  'الاتفاق',
  'שלום',
  '和平',
  '協定',
  '🇺🇦',
  '[membership]',
];
const PHRASES = [
  'the question of $500bn is no longer there',
  'if that condition is there, immediately',
  'he said',
  'السلام عليكم ورحمة الله',
  'Зеленский сказал, что готов',
];

const phrase = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
      { weight: 1, arbitrary: fc.constantFrom(...PHRASES) },
    ),
    { minLength: 1, maxLength: 7 },
  )
  .map((words) => words.join(' '));
const textValue = fc
  .tuple(fc.constantFrom('', '', ' ', '\u00a0'), phrase, fc.constantFrom('', '', ' ', '. ', ', '))
  .map(([before, words, after]) => before + words + after);
const markType = fc.constantFrom<MarkNode['type']>(
  'emphasis',
  'strong',
  'subscript',
  'superscript',
);

function inline(depth: number): fc.Arbitrary<InlineNode> {
  const leaves: fc.WeightedArbitrary<InlineNode>[] = [
    { weight: 8, arbitrary: textValue.map((value): InlineNode => text(value)) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...WORDS)
        .map((value): InlineNode => ({ type: 'code', text: value })),
    },
    { weight: 1, arbitrary: fc.constant<InlineNode>({ type: 'break' }) },
  ];
  if (depth <= 0) return fc.oneof(...leaves);
  const inner = inlines(depth - 1);
  return fc.oneof(
    ...leaves,
    {
      weight: 1,
      arbitrary: fc
        .tuple(markType, inner)
        .map(([type, content]): InlineNode => ({ type, content })),
    },
    {
      weight: 1,
      arbitrary: inner.map((content): InlineNode => ({
        type: 'link',
        url: 'https://example.com/',
        content,
      })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        textValue.map((value): InlineNode => ({
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

function inlines(depth: number): fc.Arbitrary<InlineNode[]> {
  return fc.array(inline(depth), { minLength: 1, maxLength: 4 });
}

const paragraphs = inlines(2).map((content): Block => ({ type: 'paragraph', content }));
const cell = fc.record({ content: fc.oneof(inlines(1), fc.constant<InlineNode[]>([])) });
const rows = fc.array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 2 });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

function block(depth: number): fc.Arbitrary<Block> {
  const kinds: fc.WeightedArbitrary<Block>[] = [
    { weight: 8, arbitrary: paragraphs },
    { weight: 1, arbitrary: phrase.map((value): Block => ({ type: 'subheading', text: value })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(phrase, fc.constantFrom('\n', '\n  ', '  '), phrase)
        .map(([a, gap, b]): Block => ({ type: 'preformatted', text: a + gap + b })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ caption: maybe(inlines(1)), head: rows, body: rows, foot: maybe(rows) })
        .map((table): Block => ({ type: 'table', ...table })),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({ alt: maybe(phrase), caption: maybe(inlines(1)), credit: maybe(phrase) })
        .map((figure): Block => ({ type: 'figure', ...figure })),
    },
  ];
  if (depth <= 0) return fc.oneof(...kinds);
  const children = fc.array(block(depth - 1), { minLength: 1, maxLength: 3 });
  return fc.oneof(
    ...kinds,
    {
      weight: 2,
      arbitrary: fc
        .array(
          fc.oneof(
            paragraphs.map((only) => [only]),
            children,
          ),
          { minLength: 1, maxLength: 3 },
        )
        .map((items): Block => ({ type: 'list', ordered: false, items })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(children, maybe(inlines(1)))
        .map(([blocks, attribution]): Block => ({ type: 'blockquote', blocks, attribution })),
    },
  );
}

const HEADINGS = ['Trade', 'Peace', 'Trade', 'السلام', 'Мир'];
const sectionArb = fc.record({
  heading: fc.constantFrom(...HEADINGS),
  blocks: fc.array(block(2), { minLength: 1, maxLength: 5 }),
});
const docs: fc.Arbitrary<Doc> = fc.array(sectionArb, { minLength: 1, maxLength: 4 });

/** A range in one section: where in it, and how long (often short, sometimes most of it). */
const ranges = fc.record({
  section: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 80 }), fc.nat(3000)),
});

interface Selection {
  story: StoryText;
  quote: TextQuote;
  start: number;
  end: number;
}

/** The selection a range picks in a story, with its selector, or null when it is all blank. */
function select(story: StoryText, range: { section: number; at: number; length: number }) {
  const sections = [...new Set(story.blocks.map((entry) => entry.sectionId))];
  const id = sections[range.section % sections.length]!;
  const spans = story.blocks.filter((entry) => entry.sectionId === id && entry.start < entry.end);
  if (spans.length === 0) return null;
  const from = spans[0]!.start;
  const to = spans.at(-1)!.end;
  const start = Math.min(from + Math.floor(range.at * (to - from)), to - 1);
  const end = Math.min(start + range.length, to);
  const place = trimmed(story.text, start, end);
  const quote = quoteSelector(story, start, end);
  if (place.start === place.end) {
    expect(quote).toBeNull();
    return null;
  }
  expect(quote).not.toBeNull();
  return { story, quote: quote!, ...place } satisfies Selection;
}

/** True when the text around `at` agrees with all of the quote's context, as much as there is. */
function inFullContext(value: string, at: number, quote: TextQuote): boolean {
  const end = at + quote.exact.length;
  const before = value.slice(Math.max(0, at - quote.prefix.length), at);
  const after = value.slice(end, end + quote.suffix.length);
  return quote.prefix.endsWith(before) && quote.suffix.startsWith(after);
}

/** Edits that leave the selected blocks as they are; the numbers pick where. */
type Edit =
  | { kind: 'edit-text'; pick: number; at: number; remove: number; insert: string }
  | { kind: 'replace' | 'insert'; pick: number; place: number; block: Block }
  | { kind: 'remove' | 'duplicate'; pick: number; place: number }
  | { kind: 'add-section'; place: number; section: { heading: string; blocks: Block[] } }
  | { kind: 'remove-section' | 'rename'; pick: number; heading: string };

const edits: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('edit-text' as const),
    pick: fc.nat(),
    at: fc.nat(),
    remove: fc.nat(20),
    insert: fc.oneof(fc.constant(''), textValue),
  }),
  fc.record({
    kind: fc.constantFrom('replace' as const, 'insert' as const),
    pick: fc.nat(),
    place: fc.nat(),
    // Now and then a long one, so that what follows moves by thousands of characters.
    block: fc.oneof(
      { weight: 4, arbitrary: block(1) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(phrase, fc.integer({ min: 50, max: 400 }))
          .map(([words, times]) => paragraph(`${words}. `.repeat(times))),
      },
    ),
  }),
  fc.record({
    kind: fc.constantFrom('remove' as const, 'duplicate' as const),
    pick: fc.nat(),
    place: fc.nat(),
  }),
  fc.record({ kind: fc.constant('add-section' as const), place: fc.nat(), section: sectionArb }),
  fc.record({
    kind: fc.constantFrom('remove-section' as const, 'rename' as const),
    pick: fc.nat(),
    heading: fc.constantFrom(...HEADINGS, 'Renamed'),
  }),
);

/** Applies an edit in place, never to the blocks in `kept`, nor between them. */
function applyEdit(doc: Doc, kept: ReadonlySet<Block>, edit: Edit): void {
  const free = doc.flatMap((section) => section.blocks.filter((entry) => !kept.has(entry)));
  const sectionOf = (target: Block) => doc.find((section) => section.blocks.includes(target))!;
  /** A place to put a block at: any, but between two kept blocks. */
  const putAt = (place: number): [Block[], number] => {
    const section = doc[place % doc.length]!;
    let index = place % (section.blocks.length + 1);
    const keptAt = section.blocks.flatMap((entry, at) => (kept.has(entry) ? [at] : []));
    if (keptAt.length > 0 && index > keptAt[0]! && index <= keptAt.at(-1)!)
      index = keptAt.at(-1)! + 1;
    return [section.blocks, index];
  };
  switch (edit.kind) {
    case 'edit-text': {
      const texts = free.filter((entry) => entry.type === 'paragraph');
      const target = texts[edit.pick % Math.max(1, texts.length)];
      if (!target) return;
      const before = blockTextOf(target);
      const at = edit.at % (before.length + 1);
      const after = before.slice(0, at) + edit.insert + before.slice(at + edit.remove);
      const { blocks } = sectionOf(target);
      blocks[blocks.indexOf(target)] = paragraph(after || 'x');
      return;
    }
    case 'replace': {
      const target = free[edit.pick % Math.max(1, free.length)];
      if (!target) return;
      const { blocks } = sectionOf(target);
      blocks[blocks.indexOf(target)] = edit.block;
      return;
    }
    case 'insert': {
      const [blocks, index] = putAt(edit.place);
      blocks.splice(index, 0, edit.block);
      return;
    }
    case 'duplicate': {
      const target = free[edit.pick % Math.max(1, free.length)];
      if (!target) return;
      const [blocks, index] = putAt(edit.place);
      blocks.splice(index, 0, structuredClone(target));
      return;
    }
    case 'remove': {
      const target = free[edit.pick % Math.max(1, free.length)];
      if (!target) return;
      const section = sectionOf(target);
      section.blocks.splice(section.blocks.indexOf(target), 1);
      if (section.blocks.length === 0) doc.splice(doc.indexOf(section), 1);
      return;
    }
    case 'add-section':
      doc.splice(edit.place % (doc.length + 1), 0, {
        ...edit.section,
        blocks: [...edit.section.blocks],
      });
      return;
    case 'remove-section': {
      const section = doc[edit.pick % doc.length]!;
      if (section.blocks.some((entry) => kept.has(entry))) return;
      doc.splice(doc.indexOf(section), 1);
      return;
    }
    case 'rename':
      doc[edit.pick % doc.length]!.heading = edit.heading;
      return;
  }
}

const copyOf = (doc: Doc): Doc =>
  doc.map((section) => ({ ...section, blocks: [...section.blocks] }));

describe('anchoring, whatever the story', () => {
  it('places any selection within a section exactly where it was made', () => {
    fc.assert(
      fc.property(docs, ranges, (doc, range) => {
        const selection = select(storyText(articleOf(doc)), range);
        if (!selection) return;
        const { story, quote, start, end } = selection;
        expect(quote.exact).toBe(story.text.slice(start, end));
        expect(anchorQuote(story, quote)).toEqual({ start, end });
      }),
      { numRuns: 400 },
    );
  });

  it('after edits elsewhere, finds the same words or none, and finds them when their context stayed', () => {
    let atTheirPlace = 0;
    let intact = 0;
    fc.assert(
      fc.property(
        docs,
        ranges,
        fc.array(edits, { minLength: 1, maxLength: 3 }),
        (doc, range, changes) => {
          const before = articleOf(doc);
          const selection = select(storyText(before), range);
          if (!selection) return;
          const { story, quote, start, end } = selection;
          // The top-level blocks the selection touches, and any between them, stay as they are.
          const flat = doc.flatMap((section) => section.blocks);
          const touched = story.blocks.flatMap((entry, index) =>
            entry.start < end && entry.end > start ? [index] : [],
          );
          const kept = new Set(flat.slice(touched[0]!, touched.at(-1)! + 1));
          const first = flat[touched[0]!]!;

          const after = copyOf(doc);
          for (const change of changes) applyEdit(after, kept, change);
          const later = storyText(articleOf(after));
          const moved = later.blocks[after.flatMap((section) => section.blocks).indexOf(first)]!;
          const mapped = moved.start + (start - story.blocks[touched[0]!]!.start);
          expect(later.text.slice(mapped, mapped + quote.exact.length)).toBe(quote.exact);

          const place = anchorQuote(later, quote);
          if (place) {
            expect(later.text.slice(place.start, place.end)).toBe(quote.exact);
            // Elsewhere only at a copy of the words and all their context, which nothing tells apart.
            if (place.start !== mapped)
              expect(inFullContext(later.text, place.start, quote)).toBe(true);
            else atTheirPlace += 1;
          }
          const contextStayed =
            later.text.slice(mapped - quote.prefix.length, mapped) === quote.prefix &&
            later.text.slice(mapped + quote.exact.length).startsWith(quote.suffix);
          if (contextStayed) {
            intact += 1;
            expect(place).not.toBeNull();
          }
        },
      ),
      { numRuns: 400 },
    );
    // Not vacuous: most selections keep their context and are found where they were.
    expect(intact).toBeGreaterThan(200);
    expect(atTheirPlace).toBeGreaterThan(200);
  });

  it('once its own words changed, places a quote at a copy of its words or nowhere', () => {
    fc.assert(
      fc.property(
        docs,
        fc.nat(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(60),
        fc.nat(),
        fc.constantFrom('replace', 'delete', 'insert'),
        (doc, pick, at, length, where, change) => {
          const flat = doc.flatMap((section) => section.blocks);
          const story = storyText(articleOf(doc));
          const index = flat.findIndex(
            (entry, i) => i >= pick % flat.length && entry.type === 'paragraph',
          );
          if (index < 0) return;
          const target = flat[index]!;
          const own = blockTextOf(target);
          const { start: blockStart } = story.blocks[index]!;
          const local = Math.floor(at * own.length);
          const quote = quoteSelector(
            story,
            blockStart + local,
            blockStart + Math.min(local + length + 1, own.length),
          );
          if (!quote) return;
          // Change one character of the quote's own words.
          const from = quote.position - blockStart;
          const inside = from + (where % quote.exact.length);
          const old = own[inside]!;
          const changed =
            change === 'delete'
              ? own.slice(0, inside) + own.slice(inside + 1)
              : change === 'insert' && inside > from
                ? own.slice(0, inside) + '#' + own.slice(inside)
                : own.slice(0, inside) + (old === '#' ? '%' : '#') + own.slice(inside + 1);
          const after = copyOf(doc);
          const section = after.find((entry) => entry.blocks.includes(target))!;
          section.blocks[section.blocks.indexOf(target)] = paragraph(changed || 'x');
          const later = storyText(articleOf(after));

          const place = anchorQuote(later, quote);
          if (place) expect(later.text.slice(place.start, place.end)).toBe(quote.exact);
          if (!later.text.includes(quote.exact)) expect(place).toBeNull();
        },
      ),
      { numRuns: 400 },
    );
  });
});
