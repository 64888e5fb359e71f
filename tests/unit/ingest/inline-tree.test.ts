// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inlineText } from '../../../src/content/nodes';
import { inlineNodes } from '../../../src/ingest/inline-tree';
import type { Mark } from '../../../src/ingest/source';

const quote = { id: 'q', kind: 'statement' as const };

describe('inline nodes from a text and its marks', () => {
  it('nests marks as the page nested them', () => {
    const text = 'See the full report here.';
    const marks: Mark[] = [
      { kind: 'emphasis', from: 4, to: 20 },
      { kind: 'link', from: 8, to: 19, url: 'https://example.org/' },
    ];
    expect(inlineNodes({ text, marks })).toEqual([
      { type: 'text', text: 'See ' },
      {
        type: 'emphasis',
        content: [
          { type: 'text', text: 'the ' },
          {
            type: 'link',
            url: 'https://example.org/',
            content: [{ type: 'text', text: 'full report' }],
          },
          { type: 'text', text: ' ' },
        ],
      },
      { type: 'text', text: 'here.' },
    ]);
  });

  it('keeps a quotation whole where a mark crosses its edge, splitting the mark', () => {
    // <em>“Hello</em> world,” she said: the emphasis starts outside the quotation.
    const text = '“Hello world,” she said.';
    const nodes = inlineNodes({ text, marks: [{ kind: 'emphasis', from: 0, to: 6 }] }, [
      { from: 1, to: 13, quote },
    ]);
    expect(nodes).toEqual([
      { type: 'emphasis', content: [{ type: 'text', text: '“' }] },
      {
        type: 'quote',
        ...quote,
        content: [
          { type: 'emphasis', content: [{ type: 'text', text: 'Hello' }] },
          { type: 'text', text: ' world,' },
        ],
      },
      { type: 'text', text: '” she said.' },
    ]);
  });

  it('gives a plain quotation its text, and a line break a node of its own', () => {
    expect(inlineNodes({ text: 'A “b” c\nd', marks: [] }, [{ from: 3, to: 4, quote }])).toEqual([
      { type: 'text', text: 'A “' },
      { type: 'quote', ...quote, text: 'b' },
      { type: 'text', text: '” c' },
      { type: 'break' },
      { type: 'text', text: 'd' },
    ]);
  });

  it('makes code a leaf, with a link around the part of it that links', () => {
    const text = 'run make all';
    expect(
      inlineNodes({
        text,
        marks: [
          { kind: 'code', from: 4, to: 12 },
          { kind: 'link', from: 4, to: 8, url: 'https://example.org/make' },
        ],
      }),
    ).toEqual([
      { type: 'text', text: 'run ' },
      { type: 'link', url: 'https://example.org/make', content: [{ type: 'code', text: 'make' }] },
      { type: 'code', text: ' all' },
    ]);
  });

  it('keeps every character of the text, in order, whatever the marks and quotations', () => {
    const text = fc.string({ minLength: 1, maxLength: 30 });
    const range = (length: number) =>
      fc
        .tuple(fc.nat({ max: length }), fc.nat({ max: length }))
        .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
    const input = text.chain((value) =>
      fc.tuple(
        fc.constant(value),
        fc.array(
          fc.tuple(
            fc.constantFrom<Mark['kind']>('emphasis', 'strong', 'link', 'code', 'subscript'),
            range(value.length),
          ),
          { maxLength: 5 },
        ),
        fc.array(range(value.length), { maxLength: 3 }),
      ),
    );
    fc.assert(
      fc.property(input, ([value, marks, quotes]) => {
        // Marks from a page nest; quotations do not overlap one another.
        const nested = marks
          .map(([kind, [from, to]]) => ({ kind, from, to, url: 'https://example.org/' }))
          .sort((a, b) => a.from - b.from || b.to - a.to)
          .filter((mark, index, all) =>
            all.slice(0, index).every((other) => mark.from >= other.to || mark.to <= other.to),
          );
        const apart: { from: number; to: number; quote: typeof quote }[] = [];
        for (const [from, to] of [...quotes].sort((a, b) => a[0] - b[0])) {
          if (from >= (apart.at(-1)?.to ?? 0)) apart.push({ from, to, quote });
        }
        const nodes = inlineNodes({ text: value, marks: nested }, apart);
        expect(inlineText(nodes)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });
});
