import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuotations, type QuotationSpan } from '../../../src/ingest/quotations';

/** The quoted words of each span, for readable expectations. */
function quoted(text: string): string[] {
  const scan = findQuotations(text);
  if (!scan.ok) throw new Error(`${scan.message} at ${scan.offset}`);
  return scan.spans.map(({ open, close }) => text.slice(open + 1, close));
}

const PAIRS: Record<string, string> = { '“': '”', '«': '»' };

describe('findQuotations', () => {
  it('finds curly double quotations with the offsets of their marks', () => {
    const text = 'Okafor called it “a farce” and “a mess”.';
    expect(findQuotations(text)).toEqual({
      ok: true,
      spans: [
        { open: 17, close: 25 },
        { open: 31, close: 38 },
      ],
    });
    expect(quoted(text)).toEqual(['a farce', 'a mess']);
  });

  it('finds guillemet quotations, as Russian and French text uses them', () => {
    expect(quoted('«Мы готовы», — сказал Иван Петров.')).toEqual(['Мы готовы']);
    expect(quoted('Il a dit « non » puis « oui ».')).toEqual([' non ', ' oui ']);
  });

  it('reads the other pair’s marks inside a quotation as plain text', () => {
    expect(quoted('“He said «нет» twice”')).toEqual(['He said «нет» twice']);
    expect(quoted('«Он сказал “no” дважды»')).toEqual(['Он сказал “no” дважды']);
    // A lone closing mark of the other pair is plain text too.
    expect(quoted('“left » alone”')).toEqual(['left » alone']);
  });

  it('reads straight quotes, single curly quotes and apostrophes as plain text', () => {
    expect(findQuotations('He said "no" and ‘maybe’; it’s Okafor’s call.')).toEqual({
      ok: true,
      spans: [],
    });
    expect(quoted('“It’s ‘fine’,” she said.')).toEqual(['It’s ‘fine’,']);
  });

  it('finds no quotations in an empty paragraph', () => {
    expect(findQuotations('')).toEqual({ ok: true, spans: [] });
  });

  it('reports a closing mark that no opening mark opens, at the closing mark', () => {
    expect(findQuotations('He said no” twice.')).toEqual({
      ok: false,
      offset: 10,
      message: 'unmatched ”: no “ opens this quotation',
    });
    expect(findQuotations('Нет» — сказал он.')).toMatchObject({ ok: false, offset: 3 });
  });

  it('reports an opening mark never closed in the paragraph, at the opening mark', () => {
    expect(findQuotations('“A,” he said. “B and then')).toEqual({
      ok: false,
      offset: 14,
      message: 'unmatched “: the quotation opened here is never closed',
    });
    expect(findQuotations('«Мы готовы')).toMatchObject({ ok: false, offset: 0 });
  });

  it('reports a second opening mark of the same pair inside an open quotation', () => {
    expect(findQuotations('“He said “no” twice”')).toEqual({
      ok: false,
      offset: 9,
      message: '“ inside an open quotation: close the first one before opening another',
    });
    expect(findQuotations('«a «b» c»')).toMatchObject({ ok: false, offset: 3 });
  });

  it('reports an empty or all-whitespace quotation, at its opening mark', () => {
    expect(findQuotations('He said “” twice.')).toEqual({
      ok: false,
      offset: 8,
      message: 'empty quotation: there are no words between “ and ”',
    });
    expect(findQuotations('ok “a” then « \u00a0 »')).toMatchObject({ ok: false, offset: 12 });
  });

  it('reports the first error in reading order', () => {
    expect(findQuotations('” then “')).toMatchObject({ ok: false, offset: 0 });
    expect(findQuotations('“” then ”')).toMatchObject({ ok: false, offset: 0 });
    expect(findQuotations('“a” then “b “c')).toMatchObject({ ok: false, offset: 12 });
  });

  it('never throws, and its spans are ordered, apart and well formed', () => {
    const marks = fc.constantFrom('“', '”', '«', '»', '"', '‘', '’', ' ', 'a', 'Я', '.');
    const text = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(marks, { maxLength: 40 }).map((chars) => chars.join('')),
    );
    fc.assert(
      fc.property(text, (text) => {
        const scan = findQuotations(text);
        if (!scan.ok) {
          expect(scan.offset).toBeGreaterThanOrEqual(0);
          expect(scan.offset).toBeLessThan(text.length);
          expect('“”«»').toContain(text.charAt(scan.offset));
          expect(scan.message).not.toBe('');
          return;
        }
        let previous = -1;
        for (const { open, close } of scan.spans) {
          expect(open).toBeGreaterThan(previous);
          expect(close).toBeGreaterThan(open);
          expect(text.charAt(close)).toBe(PAIRS[text.charAt(open)]);
          expect(text.slice(open + 1, close).trim()).not.toBe('');
          previous = close;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('finds exactly the quotations a paragraph was built from', () => {
    // Plain text has no marks; a quotation's words may hold the other pair's marks.
    const plain = fc.array(fc.constantFrom('a', 'Б', ' ', ',', '.', '"', '’'), { maxLength: 8 });
    const words = (other: string) =>
      fc
        .array(fc.constantFrom('x', 'Я', ' ', '?', ...other), { minLength: 1, maxLength: 8 })
        .map((chars) => chars.join(''))
        .filter((inside) => inside.trim() !== '');
    const quotation = fc.oneof(
      words('«»').map((inside) => `“${inside}”`),
      words('“”').map((inside) => `«${inside}»`),
    );
    const paragraph = fc.array(fc.tuple(plain, quotation), { maxLength: 6 });
    fc.assert(
      fc.property(paragraph, plain, (parts, tail) => {
        let text = '';
        const spans: QuotationSpan[] = [];
        for (const [before, quote] of parts) {
          text += before.join('');
          spans.push({ open: text.length, close: text.length + quote.length - 1 });
          text += quote;
        }
        text += tail.join('');
        expect(findQuotations(text)).toEqual({ ok: true, spans });
      }),
    );
  });
});
