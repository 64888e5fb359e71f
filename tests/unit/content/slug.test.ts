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
