// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuotations, type FlowText } from '../../../src/ingest/quotations';

const one = (text: string) => findQuotations([{ text, follows: false }]);

/** The quoted words of each quotation of one paragraph, for readable expectations. */
function quoted(text: string): string[] {
  const scan = one(text);
  expect(scan.problems).toEqual([]);
  return scan.parts[0]!.map(({ open, close }) => text.slice(open + 1, close));
}

/** Consecutive paragraphs of one container. */
const paragraphs = (...texts: string[]): FlowText[] =>
  texts.map((text, index) => ({ text, follows: index > 0 }));

describe('findQuotations', () => {
  it('finds curly double quotations with the offsets of their marks', () => {
    const text = 'Okafor called it “a farce” and “a mess”.';
    expect(one(text)).toEqual({
      parts: [
        [
          { open: 17, close: 25, quotation: 0, continued: false },
          { open: 31, close: 38, quotation: 1, continued: false },
        ],
      ],
      problems: [],
    });
    expect(quoted(text)).toEqual(['a farce', 'a mess']);
  });

  it('reads the marks of French, German, Polish and Swedish quotations', () => {
    expect(quoted('«Мы готовы», — сказал Иван Петров.')).toEqual(['Мы готовы']);
    expect(quoted('Il a dit « non » puis «\u00a0oui\u202f».')).toEqual([
      ' non ',
      '\u00a0oui\u202f',
    ]);
    expect(quoted('„Das ist gut“, sagte sie, und »das auch«.')).toEqual([
      'Das ist gut',
      'das auch',
    ]);
    expect(quoted('Powiedział: „Nie wiem”.')).toEqual(['Nie wiem']);
    expect(quoted('”Vi har inte råd”, säger han. »Aldrig» sa hon.')).toEqual([
      'Vi har inte råd',
      'Aldrig',
    ]);
  });

  it('pairs straight quotes by what stands beside them, and leaves other uses alone', () => {
    expect(quoted('He said "no" and left.')).toEqual(['no']);
    expect(quoted('ד"ר חדד אמר: "אין מים".')).toEqual(['אין מים']);
    // An inch mark pairs with nothing, and is not reported: it has other uses.
    expect(one('A 12" screen.')).toEqual({ parts: [[]], problems: [] });
  });

  it('keeps what is nested inside a quotation as its words', () => {
    expect(quoted('“He told us ‘wait’, and we waited,” she said.')).toEqual([
      'He told us ‘wait’, and we waited,',
    ]);
    expect(quoted('„Er sagte ‚nein‘ dazu“')).toEqual(['Er sagte ‚nein‘ dazu']);
    expect(quoted('“He said «нет» twice”')).toEqual(['He said «нет» twice']);
    expect(quoted('„Er sagte „nein“ und ging“')).toEqual(['Er sagte „nein“ und ging']);
  });

  it('reads apostrophes and single marks outside a quotation as plain text', () => {
    expect(one('It’s ‘fine’, Okafor’s call; rock ’n’ roll.')).toEqual({
      parts: [[]],
      problems: [],
    });
    expect(quoted('“It’s ‘fine’,” she said.')).toEqual(['It’s ‘fine’,']);
  });

  it('makes one quotation of paragraphs that each open it and only the last closes', () => {
    const texts = paragraphs(
      '“We were told the wall had years in it.',
      '“Then the number was eight.',
      '“So we measured it ourselves,” she said.',
    );
    expect(findQuotations(texts)).toEqual({
      parts: [
        [{ open: 0, close: texts[0]!.text.length, quotation: 0, continued: false }],
        [{ open: 0, close: texts[1]!.text.length, quotation: 0, continued: true }],
        [{ open: 0, close: texts[2]!.text.indexOf('”'), quotation: 0, continued: true }],
      ],
      problems: [],
    });
  });

  it('runs a quotation on only into the next paragraph of its container, opened with its mark', () => {
    // A heading, a list or another container between them: not the next paragraph.
    const apart = findQuotations([
      { text: '“Never closed.', follows: false },
      { text: '“B,” she said.', follows: false },
    ]);
    expect(apart.parts).toEqual([[], [{ open: 0, close: 3, quotation: 0, continued: false }]]);
    expect(apart.problems).toEqual([
      { text: 0, offset: 0, message: 'unmatched “: the quotation it opens is never closed' },
    ]);
    const otherwise = findQuotations(paragraphs('“Never closed.', 'The next one opens otherwise.'));
    expect(otherwise.parts).toEqual([[], []]);
    expect(otherwise.problems).toHaveLength(1);
  });

  it('never refuses a paragraph: marks that do not pair stay text, and are reported', () => {
    expect(one('He said no” twice.')).toEqual({
      parts: [[]],
      problems: [{ text: 0, offset: 10, message: 'unmatched ”: no opening mark pairs with it' }],
    });
    const unclosed = one('“A,” he said. “B and then');
    expect(unclosed.parts[0]!.map(({ open, close }) => [open, close])).toEqual([[0, 3]]);
    expect(unclosed.problems).toEqual([
      { text: 0, offset: 14, message: 'unmatched “: the quotation it opens is never closed' },
    ]);
    expect(one('Le document, intitulé «\u00a0\u00a0», était vide.').problems).toEqual([
      { text: 0, offset: 22, message: 'empty quotation: there are no words between « and »' },
    ]);
  });

  it('keeps the quotations inside an opening mark that never closes', () => {
    const text = '“He said “no” and left';
    const scan = one(text);
    expect(scan.parts[0]!.map(({ open, close }) => text.slice(open + 1, close))).toEqual(['no']);
    expect(scan.problems.map((problem) => problem.offset)).toEqual([0]);
  });

  it('skips the ranges it is told to (code)', () => {
    const text = 'Run `echo “x`, then “go”.';
    const scan = findQuotations([{ text, follows: false, skip: [[4, 13]] }]);
    expect(scan.parts[0]!.map(({ open, close }) => text.slice(open + 1, close))).toEqual(['go']);
    expect(scan.problems).toEqual([]);
  });

  const MARKS = '“”„«»‘’‚‹›"';

  it('never throws, and its parts are ordered, apart and well formed', () => {
    const marks = fc.constantFrom(...MARKS, ' ', 'a', 'Я', '.', ',');
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(marks, { maxLength: 40 }).map((chars) => chars.join('')),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(text, fc.boolean()), { maxLength: 5 }), (list) => {
        const texts = list.map(([value, follows]) => ({ text: value, follows }));
        const scan = findQuotations(texts);
        expect(scan.parts).toHaveLength(texts.length);
        scan.parts.forEach((parts, index) => {
          const value = texts[index]!.text;
          let previous = -1;
          for (const { open, close } of parts) {
            expect(open).toBeGreaterThan(previous);
            expect(close).toBeGreaterThan(open);
            expect(MARKS).toContain(value.charAt(open));
            if (close < value.length) expect(MARKS).toContain(value.charAt(close));
            expect(value.slice(open + 1, close).trim()).not.toBe('');
            previous = close;
          }
        });
        for (const problem of scan.problems) {
          expect(MARKS).toContain(texts[problem.text]!.text.charAt(problem.offset));
          expect(problem.message).not.toBe('');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds exactly the quotations a paragraph was built from', () => {
    // Plain text between them has no marks; a quotation's words may nest another style's.
    const plain = fc.array(fc.constantFrom('a', 'Б', ' ', ',', '.', '’'), { maxLength: 8 });
    const words = fc
      .array(fc.constantFrom('x', 'Я', ' ', '?', '«y»', '‘z’'), { minLength: 1, maxLength: 8 })
      .map((chars) => chars.join(''))
      .filter((inside) => /^\S/u.test(inside) && /\S$/u.test(inside));
    const quotation = fc.oneof(
      words.map((inside) => `“${inside}”`),
      words.map((inside) => `„${inside}“`),
      words.map((inside) => `«${inside}»`),
    );
    const paragraph = fc.array(fc.tuple(plain, quotation), { maxLength: 6 });
    fc.assert(
      fc.property(paragraph, plain, (parts, tail) => {
        let text = '';
        const expected: [number, number][] = [];
        for (const [before, quote] of parts) {
          // Each quotation stands apart from the words around it, as in print.
          text += `${before.join('')} `;
          expected.push([text.length, text.length + quote.length - 1]);
          text += `${quote} `;
        }
        text += ` ${tail.join('')}`;
        const scan = one(text);
        expect(scan.problems).toEqual([]);
        expect(scan.parts[0]!.map(({ open, close }) => [open, close])).toEqual(expected);
      }),
    );
  });
});
