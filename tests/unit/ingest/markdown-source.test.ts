// @vitest-environment node
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleQuotes } from '../../../src/content/article';
import { blockText, type Block } from '../../../src/content/nodes';
import { buildArticle } from '../../../src/ingest/build-story';
import { Diagnostics, formatWarning } from '../../../src/ingest/errors';
import { parseMarkdownSource } from '../../../src/ingest/markdown-source';

const files = { source: 'story.md', meta: 'story.meta.json' };
const fixture = readFileSync(
  resolve(import.meta.dirname, '../../fixtures/stories/river-budget.md'),
  'utf8',
);

function ingest(markdown: string) {
  const diagnostics = new Diagnostics('story.md');
  const source = parseMarkdownSource(markdown, 'story.md', diagnostics);
  const article = buildArticle('s', source, {}, files, diagnostics);
  return { source, article, warnings: diagnostics.warnings.map(formatWarning) };
}

describe('a story in Markdown', () => {
  const { source, article, warnings } = ingest(fixture);
  const blocks = article.sections.flatMap((section) => section.blocks);
  const ofType = <T extends Block['type']>(type: T) =>
    blocks.filter((block): block is Extract<Block, { type: T }> => block.type === type);

  it('takes its # heading as the published headline, ## as sections, and its related titles', () => {
    expect(article.headline).toEqual({
      text: 'Port Avalon council sets out how it will pay for the river walls',
      origin: 'published',
    });
    expect(article.sections.map((section) => section.heading)).toEqual([
      undefined,
      'What the money pays for',
      'Objections',
    ]);
    expect(source.related).toEqual([
      'Port Avalon to close harbour bridge to cars',
      'Port Avalon Opens New Ferry Terminal',
    ]);
    expect(warnings).toEqual([]);
  });

  it('keeps its links, emphasis, lists, table, block quote and code', () => {
    expect(blocks[0]).toMatchObject({
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: 'The city council of Port Avalon published its plan for the river walls on Thursday, a week after the ',
        },
        {
          type: 'link',
          url: 'https://www.portavalon.gov.example/reports/flood-2026.pdf',
          content: [{ type: 'text', text: 'flood report' }],
        },
        { type: 'text', text: ' found that three stretches of the walls ' },
        { type: 'emphasis', content: [{ type: 'text', text: 'would not survive another winter' }] },
        { type: 'text', text: ' without repairs.' },
      ],
    });
    const [list] = ofType('list');
    expect(list).toMatchObject({ ordered: true });
    expect(list!.items[0]!.map((block) => block.type)).toEqual(['paragraph', 'list']);
    const [table] = ofType('table');
    expect(
      table!.head[0]!.map((cell) => blockText({ type: 'paragraph', content: cell.content })),
    ).toEqual(['Stretch', 'Length (m)', 'Cost (£m)', 'Start']);
    expect(table!.body).toHaveLength(3);
    const [quote] = ofType('blockquote');
    expect(quote!.attribution).toEqual([
      { type: 'text', text: '— Tomas Lindqvist, owner of the Quayside Café' },
    ]);
    expect(blocks.at(-1)).toMatchObject({
      type: 'paragraph',
      content: expect.arrayContaining([{ type: 'code', text: 'floods@portavalon.gov.example' }]),
    });
  });

  it('makes one quotation of the one over three paragraphs, with the speaker the text names', () => {
    const parts = blocks
      .flatMap((block) => (block.type === 'paragraph' ? block.content : []))
      .filter((node) => node.type === 'quote' && node.id === 'the-walls-were-built-for-a');
    expect(parts.map((node) => node.type === 'quote' && [node.continued, node.speaker])).toEqual([
      [undefined, 'Ada Okafor'],
      [true, 'Ada Okafor'],
      [true, 'Ada Okafor'],
    ]);
    expect(articleQuotes(article).map((quote) => quote.id)).toEqual([
      'we-are-not-going-to-wait',
      'the-walls-were-built-for-a',
      'the-weakest-point-in-the-system',
    ]);
  });

  it('keeps what it cannot use as text, and says where: relative links, HTML, inline pictures', () => {
    const result = ingest(
      '# Title\n\nSee [the minutes](minutes.html) and <span>this</span>.\n\nA picture ![a heron](heron.jpg) in a line.\n\n![The quay at dawn](https://img.example/quay.jpg "The quay, before the works")\n',
    );
    expect(result.article.sections[0]!.blocks.map(blockText)).toEqual([
      'See the minutes and <span>this</span>.',
      'A picture in a line.',
      'The quay at dawn\nThe quay, before the works',
    ]);
    expect(result.article.sections[0]!.blocks[2]).toEqual({
      type: 'figure',
      image: { url: 'https://img.example/quay.jpg' },
      alt: 'The quay at dawn',
      caption: [{ type: 'text', text: 'The quay, before the works' }],
    });
    expect(result.warnings).toEqual([
      'story.md:3:5: warning: link to “minutes.html” kept as text: only absolute http:, https: and mailto: links are kept',
      'story.md:3:37: warning: HTML in Markdown is kept as text: <span>',
      'story.md:3:47: warning: HTML in Markdown is kept as text: </span>',
      'story.md:5:11: warning: a picture inside a line of text is left out (alt text “a heron”)',
    ]);
  });
});
