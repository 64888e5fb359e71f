// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { IngestError } from '../../../src/ingest/errors';
import { parseTextSource } from '../../../src/ingest/text-source';
import { SEED_HEADINGS, seedParagraphs, seedRelatedTitles, seedText } from '../../helpers/seed';

describe('the plain-text format', () => {
  it('reads the seed: its paragraphs, its four headings and its related titles', () => {
    const story = parseTextSource(seedText, 'seed.txt');
    const headings = story.blocks.flatMap((block) => (block.kind === 'heading' ? [block] : []));
    const paragraphs = story.blocks.flatMap((block) => (block.kind === 'paragraph' ? [block] : []));
    expect(headings.every((block) => block.level === 2)).toBe(true);
    expect(headings.map((block) => block.text)).toEqual(SEED_HEADINGS);
    expect(paragraphs.map((block) => block.rich.text)).toEqual(seedParagraphs);
    expect(story.related).toEqual(seedRelatedTitles);
    expect(story.headline).toBeUndefined();
  });

  it('keeps a short line that no paragraph follows as a paragraph', () => {
    const story = parseTextSource('Opening words here.\nShort Line\nAnother Short Line\n', 'a.txt');
    expect(story.blocks.map((block) => block.kind)).toEqual([
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
  });

  it('takes a heading that ends with a question mark', () => {
    const story = parseTextSource(
      'First paragraph.\nWhat Happens Next?\nNobody knows yet.',
      'a.txt',
    );
    expect(story.blocks.map((block) => block.kind)).toEqual(['paragraph', 'heading', 'paragraph']);
  });

  it('ignores blank lines, a byte-order mark and Windows line ends, and locates each line', () => {
    const story = parseTextSource(
      '\uFEFFFirst paragraph.\r\n\r\n  Indented paragraph.\r\n',
      'a.txt',
    );
    expect(
      story.blocks.map((block) =>
        block.kind === 'paragraph'
          ? { text: block.rich.text, at: [block.line, block.column], fifth: block.rich.at(4) }
          : block,
      ),
    ).toEqual([
      { text: 'First paragraph.', at: [1, 1], fifth: { line: 1, column: 5 } },
      { text: 'Indented paragraph.', at: [3, 3], fifth: { line: 3, column: 7 } },
    ]);
  });

  it('reports an empty file, and a file with only related stories, at a location', () => {
    expect(() => parseTextSource(' \n\n', 'empty.txt')).toThrow(
      new IngestError('empty.txt', 1, 1, 'empty file: there is no story text'),
    );
    expect(() => parseTextSource('\nRelated Stories:\nA title', 'r.txt')).toThrow(/^r\.txt:2:1: /);
  });
});
