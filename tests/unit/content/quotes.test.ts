// @vitest-environment node
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toArticle, type Article } from '../../../src/content/article';
import { countBySpeaker, extractQuotes, prepareQuotes } from '../../../src/content/quotes';
import type { InlineNode } from '../../../src/content/nodes';
import { articleSchema } from '../../../src/content/schema';
import { readPublicJson } from '../../helpers/content-fetch';
import { SEED_HEADINGS, SEED_SLUG, seedBodyLines, seedText } from '../../helpers/seed';

/** Fixtures go through the schema, so a test never passes on a document the app would reject. */
const articleOf = (document: unknown): Article => toArticle(v.parse(articleSchema, document));

/** A document as stored, before the schema fills in defaults. */
type ArticleFile = v.InferInput<typeof articleSchema>;

const seedArticle = () => articleOf(readPublicJson(`content/articles/${SEED_SLUG}.json`));

const SEED_QUOTES = [
  { id: 'ready-to-leave-my-post', speaker: 'Volodymyr Zelenskyy', kind: 'statement' },
  { id: 'exchange-this-for-nato', speaker: 'Volodymyr Zelenskyy', kind: 'statement' },
  { id: 'dictator', speaker: 'Donald Trump', kind: 'word' },
  { id: 'question-of-500bn', speaker: 'Volodymyr Zelenskyy', kind: 'statement' },
  { id: 'not-in-the-final-format', speaker: 'Volodymyr Zelenskyy', kind: 'statement' },
  { id: 'the-war-continues', speaker: 'Volodymyr Zelenskyy', kind: 'statement' },
];

/** Where a quotation stands in the published text: its line, and the text either side of it. */
function findInSeedText(text: string) {
  const marked = `“${text}”`;
  const line = seedBodyLines.find((candidate) => candidate.includes(marked));
  if (line === undefined) throw new Error(`“${text}” is not in the seed text`);
  const at = line.indexOf(marked);
  return { line, before: line.slice(0, at), after: line.slice(at + marked.length) };
}

/**
 * The attribution the published text gives a quotation: the "X said" right after its closing
 * mark or, for a second quotation that continues the same speaker's words ("…,” he said. “…”),
 * the last one before it on the same line.
 */
function attributionInSeedText(text: string): { said: string; line: string } {
  const { line, before, after } = findInSeedText(text);
  const following = /^,?\s*(\S+ said)\b/.exec(after)?.[1];
  const preceding = [...before.matchAll(/” (\S+ said)\b/g)].at(-1)?.[1];
  const said = following ?? preceding;
  if (said === undefined) throw new Error(`No attribution for “${text}” in: ${line}`);
  return { said, line };
}

describe('extractQuotes on the seed article', () => {
  it('yields its six quotations in reading order, with ids, speakers and kinds', () => {
    expect(
      extractQuotes(seedArticle()).map(({ id, speaker, kind }) => ({ id, speaker, kind })),
    ).toEqual(SEED_QUOTES);
  });

  it('gives each quotation the speaker the published text attributes it to', () => {
    for (const quote of extractQuotes(seedArticle())) {
      if (quote.speaker === 'Donald Trump') {
        // A quoted word has no "said": the sentence before it names who used it.
        expect(findInSeedText(quote.text).before, quote.id).toMatch(
          /Trump has criticized Zelenskyy, calling him a $/,
        );
        continue;
      }
      expect(quote.speaker, quote.id).toBe('Volodymyr Zelenskyy');
      const { said, line } = attributionInSeedText(quote.text);
      expect(['Zelenskyy said', 'he said'], quote.id).toContain(said);
      // "he" must refer back to Zelenskyy: he is the subject the line opens with.
      if (said === 'he said') expect(line, quote.id).toMatch(/^Zelenskyy\b/);
    }
  });

  it('has every quoted span of the published text in the gallery, and nothing else', () => {
    const spans = [...seedText.matchAll(/“([^”]*)”/g)].map((match) => match[1]);
    expect(seedText.split('“').length - 1).toBe(6);
    expect(seedText.split('”').length - 1).toBe(6);
    expect(spans).toEqual(extractQuotes(seedArticle()).map((quote) => quote.text));
  });

  it('gives each quotation the sentence it stands in, marks included', () => {
    const contexts = Object.fromEntries(
      extractQuotes(seedArticle()).map((quote) => [quote.id, quote.context]),
    );
    expect(contexts['ready-to-leave-my-post']).toBe(
      '“If [it means] peace for Ukraine, if you really need me to leave my post, I am ready,” Zelenskyy said.',
    );
    expect(contexts['dictator']).toBe(
      'Trump has criticized Zelenskyy, calling him a “dictator” with little public support.',
    );
    expect(contexts['question-of-500bn']).toBe(
      '“The question of $500bn is no longer there,” he said.',
    );
    // The full stops inside the quotation do not end the sentence; “…,” he said does.
    expect(contexts['the-war-continues']).toBe(
      '“The war continues. Everyone capable of helping with air defense must work to enhance the ' +
        'protection of human life. We must do everything possible to bring a lasting and just ' +
        'peace to Ukraine,” he said.',
    );
  });

  it('takes every context verbatim from the published text', () => {
    for (const quote of extractQuotes(seedArticle())) {
      expect(seedText, quote.id).toContain(quote.context);
      expect(quote.context, quote.id).toContain(`“${quote.text}”`);
    }
  });

  it('places each quotation in its section, the opening one without a heading', () => {
    expect(
      extractQuotes(seedArticle()).map(({ id, sectionId, sectionHeading }) => ({
        id,
        sectionId,
        sectionHeading,
      })),
    ).toEqual([
      { id: 'ready-to-leave-my-post', sectionId: 'opening', sectionHeading: undefined },
      { id: 'exchange-this-for-nato', sectionId: 'opening', sectionHeading: undefined },
      { id: 'dictator', sectionId: 'opening', sectionHeading: undefined },
      {
        id: 'question-of-500bn',
        sectionId: 'growing-tensions-with-the-us',
        sectionHeading: 'Growing Tensions with the US',
      },
      {
        id: 'not-in-the-final-format',
        sectionId: 'growing-tensions-with-the-us',
        sectionHeading: 'Growing Tensions with the US',
      },
      {
        id: 'the-war-continues',
        sectionId: 'russia-launches-largest-drone-attack-on-ukraine',
        sectionHeading: 'Russia Launches Largest Drone Attack on Ukraine',
      },
    ]);
  });

  it('agrees with the published text on the heading above each quotation', () => {
    for (const quote of extractQuotes(seedArticle())) {
      const lineAt = seedBodyLines.indexOf(findInSeedText(quote.text).line);
      const headingAbove = seedBodyLines
        .slice(0, lineAt)
        .findLast((line) => SEED_HEADINGS.includes(line));
      expect(quote.sectionHeading, quote.id).toBe(headingAbove);
    }
  });

  it('counts quotations per speaker, in order of first appearance', () => {
    expect(countBySpeaker(extractQuotes(seedArticle()))).toEqual([
      { speaker: 'Volodymyr Zelenskyy', speakerSlug: 'volodymyr-zelenskyy', count: 5 },
      { speaker: 'Donald Trump', speakerSlug: 'donald-trump', count: 1 },
    ]);
  });
});

// --- made-up fixtures ----------------------------------------------------------------------------

const SPEAKERS = [
  'Ada Marsh',
  'Bruno Keller',
  'Chiara Volpe',
  'Dmytro Hrytsenko',
  'Elif Demir',
  'Farid Haddad',
  'Grace Okafor',
  'Hiroshi Tanaka',
  'Ines Moreau',
  'Jonas Berg',
  'Katarzyna Nowak',
  'Luis Ortega',
];

/** Made-up words for quotation n; the full stop inside it must not end the sentence. */
const quoteText = (n: number) => `Point ${n} stands. It was made up for the fixture,`;
const quoteId = (n: number) => `q-${String(n).padStart(4, '0')}`;
const speakerOf = (n: number) => SPEAKERS[n % SPEAKERS.length]!;

/** `count` quotations, `perParagraph` to a paragraph, spread evenly over `sections` sections. */
function manyQuotesDocument(count: number, sections: number, perParagraph = 5): ArticleFile {
  const paragraphs: InlineNode[][] = [];
  for (let n = 0; n < count; n += perParagraph) {
    const content: InlineNode[] = [];
    for (let i = n; i < Math.min(n + perParagraph, count); i++) {
      content.push(
        { type: 'text', text: `${i === n ? '' : ' '}Sentence ${i} leads in. “` },
        {
          type: 'quote',
          id: quoteId(i),
          speaker: speakerOf(i),
          kind: 'statement',
          text: quoteText(i),
        },
        { type: 'text', text: `” ${speakerOf(i)} said.` },
      );
    }
    paragraphs.push(content);
  }
  const perSection = Math.ceil(paragraphs.length / sections);
  return {
    slug: 'many-quotes',
    headline: { text: 'A story with many quotations', origin: 'editorial' },
    sections: Array.from({ length: sections }, (_, s) => ({
      ...(s === 0 ? {} : { heading: `Part ${s + 1}` }),
      blocks: paragraphs
        .slice(s * perSection, (s + 1) * perSection)
        .map((content) => ({ type: 'paragraph' as const, content })),
    })),
    related: [],
  };
}

describe('extractQuotes on other articles', () => {
  it('yields nothing for an article without quotations', () => {
    const article = articleOf({
      slug: 'no-quotes',
      headline: { text: 'A story nobody is quoted in', origin: 'editorial' },
      sections: [
        { blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nothing was said.' }] }] },
        {
          heading: 'Still nothing',
          blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Silence, again.' }] }],
        },
      ],
      related: [],
    });
    expect(extractQuotes(article)).toEqual([]);
    expect(countBySpeaker(extractQuotes(article))).toEqual([]);
  });

  it('yields 2,000 quotations in order, with their ids, sections and contexts', () => {
    // ~10 ms in Node at five to a paragraph (the gallery extracts on every render); the cost
    // grows faster than linearly with quotations per paragraph, so keep paragraphs realistic.
    const quotes = extractQuotes(articleOf(manyQuotesDocument(2_000, 40)));
    expect(quotes).toHaveLength(2_000);
    expect(quotes.map((quote) => quote.id)).toEqual(
      Array.from({ length: 2_000 }, (_, n) => quoteId(n)),
    );
    expect(quotes[0]).toEqual({
      id: 'q-0000',
      text: quoteText(0),
      paragraphs: [quoteText(0)],
      speaker: 'Ada Marsh',
      speakerSlug: 'ada-marsh',
      kind: 'statement',
      sectionId: 'opening',
      sectionHeading: undefined,
      context: `“${quoteText(0)}” Ada Marsh said.`,
    });
    // 2,000 / 5 a paragraph = 400 paragraphs, 10 to a section.
    expect(quotes[1_999]).toMatchObject({ sectionId: 'part-40', sectionHeading: 'Part 40' });
    const wrongContexts = quotes.filter(
      (quote, n) => quote.context !== `“${quoteText(n)}” ${speakerOf(n)} said.`,
    );
    expect(wrongContexts).toEqual([]);
  });

  it('counts 2,000 quotations by speaker', () => {
    const counts = countBySpeaker(extractQuotes(articleOf(manyQuotesDocument(2_000, 40))));
    expect(counts.map((entry) => entry.speaker)).toEqual(SPEAKERS);
    // 2,000 = 12 × 166 + 8: the first eight speakers have one more.
    expect(counts.map((entry) => entry.count)).toEqual([
      ...Array<number>(8).fill(167),
      ...Array<number>(4).fill(166),
    ]);
    expect(counts.reduce((total, entry) => total + entry.count, 0)).toBe(2_000);
  });

  it('keeps sentences apart when one paragraph holds many quotations', () => {
    const quotes = extractQuotes(articleOf(manyQuotesDocument(200, 1, 200)));
    expect(quotes).toHaveLength(200);
    expect(
      quotes.every((quote, n) => quote.context === `“${quoteText(n)}” ${speakerOf(n)} said.`),
    ).toBe(true);
  });
});

describe('quote ids', () => {
  it('are stable: an equal article, made anew, gives the same quotations under the same ids', () => {
    const first = extractQuotes(seedArticle());
    const again = extractQuotes(seedArticle());
    // Worked out again from a different object, not the first call's cached result.
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    expect(first.map((quote) => quote.id)).toEqual(SEED_QUOTES.map((quote) => quote.id));
  });

  it('stay the same when the text changes elsewhere', () => {
    const document = structuredClone(readPublicJson(`content/articles/${SEED_SLUG}.json`)) as any;
    const last = document.sections.at(-1);
    last.blocks.push({
      type: 'paragraph',
      content: [{ type: 'text', text: 'A correction was appended here.' }],
    });
    document.sections[0].heading = 'A new heading';
    expect(extractQuotes(articleOf(document)).map((quote) => quote.id)).toEqual(
      SEED_QUOTES.map((quote) => quote.id),
    );
  });

  it('come from the document, so adding a quotation does not renumber the others', () => {
    const document = structuredClone(readPublicJson(`content/articles/${SEED_SLUG}.json`)) as any;
    document.sections[0].blocks.unshift({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'An editor added this. “' },
        { type: 'quote', id: 'added-later', speaker: 'Ada Marsh', kind: 'statement', text: 'New,' },
        { type: 'text', text: '” she said.' },
      ],
    });
    expect(extractQuotes(articleOf(document)).map((quote) => quote.id)).toEqual([
      'added-later',
      ...SEED_QUOTES.map((quote) => quote.id),
    ]);
  });
});

describe('prepareQuotes', () => {
  it('makes, in slices, what extractQuotes makes at once, and extractQuotes then reuses it', async () => {
    const document = manyQuotesDocument(2_000, 40);
    const expected = extractQuotes(articleOf(document));
    const article = articleOf(document);
    const prepared = await prepareQuotes(article);
    expect(prepared).toEqual(expected);
    expect(extractQuotes(article)).toBe(prepared);
  });
});

describe('extractQuotes in rich stories', () => {
  const rich = (blocks: unknown[]) =>
    articleOf({
      slug: 'rich',
      headline: { text: 'Rich', origin: 'editorial' },
      sections: [{ blocks }],
      related: [],
    });

  it('makes one entry of a quotation over three paragraphs, its words paragraph by paragraph', () => {
    const part = (text: string, continued: boolean) => ({
      type: 'quote',
      id: 'we-were-told',
      speaker: 'Marguerite Okonjo-Hale',
      kind: 'statement',
      text,
      ...(continued ? { continued: true } : {}),
    });
    const quotes = extractQuotes(
      rich([
        { type: 'paragraph', content: [{ type: 'text', text: '“' }, part('We were told.', false)] },
        { type: 'paragraph', content: [{ type: 'text', text: '“' }, part('Then eight.', true)] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: '“' },
            part('So we measured,', true),
            { type: 'text', text: '” Okonjo-Hale said.' },
          ],
        },
      ]),
    );
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      id: 'we-were-told',
      speaker: 'Marguerite Okonjo-Hale',
      paragraphs: ['We were told.', 'Then eight.', 'So we measured,'],
      text: 'We were told. Then eight. So we measured,',
      context: '“We were told.',
    });
  });

  it('finds quotations in list items, block quotes and links, with their sentence', () => {
    const quote = (id: string, text: string): InlineNode => ({
      type: 'quote',
      id,
      kind: 'statement',
      content: [{ type: 'emphasis', content: [{ type: 'text', text }] }],
    });
    const quotes = extractQuotes(
      rich([
        {
          type: 'list',
          ordered: false,
          items: [
            [
              {
                type: 'paragraph',
                content: [
                  { type: 'text', text: 'First, she said “' },
                  quote('in-a-list', 'in a list'),
                  { type: 'text', text: '”. Then more.' },
                ],
              },
            ],
          ],
        },
        {
          type: 'blockquote',
          blocks: [
            {
              type: 'paragraph',
              content: [
                {
                  type: 'link',
                  url: 'https://example.org/',
                  content: [
                    { type: 'text', text: 'A “' },
                    quote('linked', 'linked one'),
                    { type: 'text', text: '”' },
                  ],
                },
              ],
            },
          ],
        },
      ]),
    );
    expect(quotes.map(({ id, text, context }) => ({ id, text, context }))).toEqual([
      { id: 'in-a-list', text: 'in a list', context: 'First, she said “in a list”.' },
      { id: 'linked', text: 'linked one', context: 'A “linked one”' },
    ]);
  });
});
