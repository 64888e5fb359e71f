// @vitest-environment node
import fc from 'fast-check';
import type {
  Blockquote,
  Heading,
  Link,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
} from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { describe, expect, it } from 'vitest';
import type { Highlight, HighlightColour } from '../../../src/features/highlights/highlight-store';
import { highlightsMarkdown } from '../../../src/features/highlights/highlights-markdown';

let nextId = 0;

function highlight(
  overrides: Partial<Highlight> & { exact?: string; position?: number },
): Highlight {
  const { exact = 'A passage.', position = 0, ...rest } = overrides;
  nextId += 1;
  return {
    id: `id-${String(nextId).padStart(8, '0')}`,
    slug: 'a-story',
    title: 'A story',
    quote: { exact, prefix: '', suffix: '', position, anchor: 'p-1' },
    colour: 'key',
    note: '',
    createdAt: '2026-11-27T09:00:00.000Z',
    updatedAt: '2026-11-27T09:00:00.000Z',
    ...rest,
  };
}

const options = {
  origin: 'https://dispatch.example/',
  passageUrl: (h: Highlight) => `https://dispatch.example/story/${h.slug}#${h.quote.anchor}`,
  storyUrl: (slug: string) => `https://dispatch.example/story/${slug}`,
  // Midday UTC: the same day in every time zone the tests may run in.
  exportedAt: new Date('2026-11-28T12:00:00.000Z'),
};

/** Both the CommonMark reading and GFM's (tables), which must agree. */
function parse(markdown: string): Root[] {
  return [
    fromMarkdown(markdown),
    fromMarkdown(markdown, { extensions: [gfmTable()], mdastExtensions: [gfmTableFromMarkdown()] }),
  ];
}

/** A paragraph's text, as long as it is only text and hard breaks (no markup crept in). */
function plainText(paragraph: Paragraph): string {
  return paragraph.children
    .map((node: PhrasingContent) => {
      if (node.type === 'text') return node.value;
      if (node.type === 'break') return '\n';
      throw new Error(`Unexpected ${node.type} in ${JSON.stringify(paragraph)}`);
    })
    .join('');
}

function only<T extends RootContent>(nodes: RootContent[], type: T['type']): T[] {
  return nodes.filter((node): node is T => node.type === type);
}

/** The text of the one blockquote, which holds one plain paragraph. */
function quotedText(root: Root): string {
  const [quote, ...others] = only<Blockquote>(root.children, 'blockquote');
  expect(others).toEqual([]);
  expect(quote?.children).toHaveLength(1);
  const paragraph = quote!.children[0]!;
  expect(paragraph.type).toBe('paragraph');
  return plainText(paragraph as Paragraph);
}

function linkIn(node: Heading | Paragraph): Link {
  expect(node.children).toHaveLength(1);
  const link = node.children[0]!;
  expect(link.type).toBe('link');
  return link as Link;
}

describe('highlightsMarkdown', () => {
  it('writes a heading, the date, then each story and its passages', () => {
    const markdown = highlightsMarkdown(
      [
        highlight({ exact: 'The first passage.', position: 10, note: 'Check this.' }),
        highlight({ exact: 'An earlier passage.', position: 2, colour: 'evidence' }),
      ],
      options,
    );
    expect(markdown).toBe(
      [
        '# Highlights from Dispatch',
        '',
        'Exported from [https://dispatch.example/](https://dispatch.example/) on 28 November 2026.',
        '',
        '## [A story](https://dispatch.example/story/a-story)',
        '',
        '> An earlier passage.',
        '',
        '**Evidence**',
        '',
        '[Go to the passage](https://dispatch.example/story/a-story#p-1)',
        '',
        '> The first passage.',
        '',
        '**Key point**',
        '',
        'Check this.',
        '',
        '[Go to the passage](https://dispatch.example/story/a-story#p-1)',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing to export', () => {
    expect(highlightsMarkdown([], options)).toBe(
      '# Highlights from Dispatch\n\n' +
        'Exported from [https://dispatch.example/](https://dispatch.example/) on 28 November 2026.\n\n' +
        'No highlights yet.\n',
    );
  });

  it('puts the story with the newest activity first, under its latest headline', () => {
    const markdown = highlightsMarkdown(
      [
        highlight({ slug: 'old-story', title: 'Old story', updatedAt: '2026-11-01T00:00:00Z' }),
        highlight({
          slug: 'busy-story',
          title: 'Busy story',
          position: 5,
          updatedAt: '2026-11-02T00:00:00Z',
        }),
        highlight({
          slug: 'busy-story',
          title: 'Busy story, retitled',
          position: 1,
          updatedAt: '2026-11-20T00:00:00Z',
        }),
        highlight({ slug: 'edited-story', title: 'Edited', updatedAt: '2026-11-10T00:00:00Z' }),
      ],
      options,
    );
    for (const root of parse(markdown)) {
      const headings = only<Heading>(root.children, 'heading');
      expect(headings.map((heading) => heading.depth)).toEqual([1, 2, 2, 2]);
      expect(
        headings.slice(1).map((heading) => {
          const link = linkIn(heading);
          return [plainText(link as unknown as Paragraph), link.url];
        }),
      ).toEqual([
        ['Busy story, retitled', 'https://dispatch.example/story/busy-story'],
        ['Edited', 'https://dispatch.example/story/edited-story'],
        ['Old story', 'https://dispatch.example/story/old-story'],
      ]);
    }
    // Within a story, reading order.
    expect(markdown.indexOf('Busy story, retitled')).toBeLessThan(markdown.indexOf('> A passage'));
  });

  it('names each colour', () => {
    const colours: HighlightColour[] = ['key', 'question', 'evidence', 'disagree'];
    const markdown = highlightsMarkdown(
      colours.map((colour, position) => highlight({ colour, position })),
      options,
    );
    const labels = parse(markdown)[0]!
      .children.filter((node): node is Paragraph => node.type === 'paragraph')
      .flatMap((paragraph) =>
        paragraph.children[0]?.type === 'strong' ? [paragraph.children[0].children] : [],
      );
    expect(labels).toEqual(
      ['Key point', 'Question', 'Evidence', 'Disagree'].map((value) => [
        expect.objectContaining({ type: 'text', value }),
      ]),
    );
  });

  const tricky: [string, string][] = [
    ['emphasis and code', 'Not *emphasis*, not _this_, not **strong**, not `code`.'],
    ['links and images', 'A [link](http://x.test) and ![an image](y.png) and [ref][1].'],
    ['HTML and autolinks', 'Some <b>tags</b>, <!-- a comment --> and <https://x.test>.'],
    ['character references', 'AT&T &amp; &copy; &#169; &#x41; & friends'],
    ['a backslash', 'C:\\Users\\reader\\ and \\*not\\* escaped \\'],
    ['a heading', '# Not a heading'],
    ['a closing heading', 'Ends with ## #'],
    ['list items', '- one\n+ two\n* three\n1. four\n2) five\n10. six'],
    ['a thematic break', '***\n---\n___\n- - -'],
    ['a setext underline', 'Title\n===\nAnother\n---'],
    ['a block quotation', '> quoted\n>> twice'],
    ['indented code', '    four spaces\n\ttabbed\n  two'],
    ['fenced code', '```js\ncode\n```\n~~~\nmore\n~~~'],
    ['a table', '| a | b |\n| - | - |\n| 1 | 2 |'],
    ['strikethrough', '~~struck~~ and ~one~'],
    ['footnotes and definitions', '[^1]: a footnote\n[ref]: http://x.test "title"'],
    ['HTML blocks', '<div>\nblock\n</div>'],
    ['Arabic, right to left', 'قال: «هذا *مهم* جداً» — ١. ليس قائمة'],
    ['Hebrew with Latin', 'הוא אמר "שלום" [world] ו-Dispatch'],
    ['a line break and a blank line', 'First line\nsecond line\n\nafter a blank line'],
    ['spaces at line edges', 'ends with two spaces  \n  starts with two\n\t\ttabs\t'],
    ['a backslash at a line end', 'first\\\nsecond'],
    ['lone markers', '*\n-\n#\n1.\n>\n|\n='],
    ['a carriage return', 'one\rtwo'],
    ['emoji and combining marks', 'Café 👩🏽‍💻 e\u0301 \u00a0non-breaking'],
  ];

  it.each(tricky)('quotes a passage with %s as exactly its text', (_, exact) => {
    const markdown = highlightsMarkdown([highlight({ exact })], options);
    for (const root of parse(markdown)) expect(quotedText(root)).toBe(exact);
  });

  it.each(tricky)('writes a note with %s as exactly its text', (_, note) => {
    const markdown = highlightsMarkdown([highlight({ note })], options);
    for (const root of parse(markdown)) {
      const paragraphs = only<Paragraph>(root.children, 'paragraph');
      // The date, the colour, the note, the link.
      expect(paragraphs).toHaveLength(4);
      expect(plainText(paragraphs[2]!)).toBe(note);
    }
  });

  it('quotes any text as exactly that text', () => {
    const unit = fc.constantFrom(
      ...'ab 1.-+=#*_`~[]()<>|&;!\\:\t\n\u00a0שم',
      '&amp;',
      '&#32;',
      '```',
      '    ',
      '---',
    );
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1, maxLength: 40 }), (text) => {
        const exact = text.replace(/^\n+|\n+$/g, '');
        fc.pre(exact.length > 0);
        const markdown = highlightsMarkdown([highlight({ exact })], options);
        for (const root of parse(markdown)) expect(quotedText(root)).toBe(exact);
      }),
      { numRuns: 300 },
    );
    // 300 parses twice over (CommonMark and GFM): about a second alone, far more on a busy
    // machine than Vitest's 5 s default allows.
  }, 30_000);

  it('leaves out an empty note, and one of only spaces', () => {
    for (const note of ['', '   ', '\n']) {
      const markdown = highlightsMarkdown([highlight({ note })], options);
      expect(only<Paragraph>(parse(markdown)[0]!.children, 'paragraph')).toHaveLength(3);
    }
  });

  it('escapes a headline as link text, on one line', () => {
    const title = 'A [bracketed] *starred* headline #1 | with <tags> & `code`';
    const markdown = highlightsMarkdown(
      [highlight({ title }), highlight({ slug: 'b-story', title: 'Two\nlines' })],
      options,
    );
    for (const root of parse(markdown)) {
      const links = only<Heading>(root.children, 'heading')
        .slice(1)
        .map((heading) => plainText(linkIn(heading) as unknown as Paragraph));
      expect(links.sort()).toEqual([title, 'Two lines']);
    }
  });

  it('keeps the callers’ URLs as they are, whatever they hold', () => {
    const url = 'https://dispatch.example/story/a-(b)?q=<x> y\\z#:~:text=a%20b';
    const markdown = highlightsMarkdown([highlight({})], {
      ...options,
      passageUrl: () => url,
      storyUrl: () => url,
    });
    for (const root of parse(markdown)) {
      const heading = only<Heading>(root.children, 'heading')[1]!;
      expect(linkIn(heading).url).toBe(url.replace(' ', '%20'));
      const last = only<Paragraph>(root.children, 'paragraph').at(-1)!;
      expect(linkIn(last).url).toBe(url.replace(' ', '%20'));
      expect(plainText(linkIn(last) as unknown as Paragraph)).toBe('Go to the passage');
    }
  });
});
