// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { slugify } from '../../../src/content/slug';

describe('slugify', () => {
  it.each([
    ['Growing Tensions with the US', 'growing-tensions-with-the-us'],
    ['US-Ukraine Deal on Rare Earth Minerals', 'us-ukraine-deal-on-rare-earth-minerals'],
    [
      'Ukraine Launches U.S.-Supplied Long-Range Missiles',
      'ukraine-launches-us-supplied-long-range-missiles',
    ],
    ['Russia Ukraine War: Marking 700 Day', 'russia-ukraine-war-marking-700-day'],
    ['  spaced   out  ', 'spaced-out'],
    ['Zelenskyy’s “offer”', 'zelenskyys-offer'],
    ['Café déjà vu', 'café-déjà-vu'],
    ['Війна в Україні', 'війна-в-україні'],
    ['हिन्दी समाचार', 'हिन्दी-समाचार'],
    ['!!! — ???', ''],
  ])('%s → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });

  it('gives the same slug for composed and decomposed accents', () => {
    expect(slugify('Cafe\u0301')).toBe(slugify('Café'));
  });
});

describe('slugify on ASCII text', () => {
  // The rule as written for every script; slugify takes a faster path for ASCII text.
  const unicodeRule = (text: string) =>
    text
      .normalize('NFC')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/[\s-]+/g, '-')
      .replace(/^-+|-+$/g, '');

  it('gives what the rule for every script gives', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), (text) => {
        expect(slugify(text)).toBe(unicodeRule(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives what the rule gives on text that mixes ASCII and other scripts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => {
        expect(slugify(text)).toBe(unicodeRule(text));
      }),
    );
  });

  it.each([
    ['Snake_case Heading', 'snake_case-heading'],
    ['--Tabs\tand\nlines--', 'tabs-and-lines'],
  ])('%s → %s', (text, slug) => {
    expect(slugify(text)).toBe(slug);
  });
});
