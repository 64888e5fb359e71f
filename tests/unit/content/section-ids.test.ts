// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { makeSectionIds, OPENING_SECTION_ID } from '../../../src/content/section-ids';

describe('section ids', () => {
  it('gives the opening section without a heading a fixed id', () => {
    expect(makeSectionIds([undefined, 'Growing Tensions with the US'])).toEqual([
      OPENING_SECTION_ID,
      'growing-tensions-with-the-us',
    ]);
  });

  it('drops punctuation and keeps hyphens', () => {
    expect(
      makeSectionIds([
        'US-Ukraine Deal on Rare Earth Minerals',
        'Russia Ukraine War: Marking 700 Day',
      ]),
    ).toEqual(['us-ukraine-deal-on-rare-earth-minerals', 'russia-ukraine-war-marking-700-day']);
  });

  it('keeps the letters of other scripts', () => {
    expect(makeSectionIds(['Війна в Україні', 'Αθήνα σήμερα', '東京の朝'])).toEqual([
      'війна-в-україні',
      'αθήνα-σήμερα',
      '東京の朝',
    ]);
  });

  it('numbers repeated headings from 2', () => {
    expect(makeSectionIds(['Analysis', 'Analysis', 'Analysis'])).toEqual([
      'analysis',
      'analysis-2',
      'analysis-3',
    ]);
  });

  it('does not let a heading take the opening section id', () => {
    expect(makeSectionIds([undefined, 'Opening'])).toEqual(['opening', 'opening-2']);
  });

  it('falls back to the position for a heading that slugs to nothing', () => {
    expect(makeSectionIds([undefined, '!!!', '🇺🇦'])).toEqual(['opening', 'section-2', 'section-3']);
  });

  it('is stable: the same headings, given anew, give the same ids', () => {
    const ids = makeSectionIds([undefined, 'A', 'B', 'A']);
    expect(ids).toEqual(['opening', 'a', 'b', 'a-2']);
    expect(makeSectionIds([undefined, 'A', 'B', 'A'])).toEqual(ids);
  });

  it('keeps a section’s id when another heading is reworded', () => {
    expect(makeSectionIds([undefined, 'A', 'B, revised', 'A'])).toEqual([
      'opening',
      'a',
      'b-revised',
      'a-2',
    ]);
  });
});
