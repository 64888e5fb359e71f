import { describe, expect, it } from 'vitest';
import {
  cardImage,
  shareCardHash,
  shareCardPath,
  shareCardText,
  type ShareCard,
} from '../../src/lib/share-card';

const headline = 'Zelenskyy says he is ready to step down for peace and NATO membership';

describe('share cards', () => {
  it('are named by a hash of what they show, the same wherever it is computed', () => {
    const card: ShareCard = { kind: 'article', headline };
    expect(shareCardHash(card)).toMatch(/^[0-9a-f]{16}$/);
    expect(shareCardHash({ ...card })).toBe(shareCardHash(card));
    expect(shareCardPath(card)).toBe(`/assets/cards/${shareCardHash(card)}.png`);
  });

  it('get a new name when any word on them changes', () => {
    const cards: ShareCard[] = [
      { kind: 'article', headline },
      { kind: 'article', headline: `${headline}.` },
      { kind: 'section', headline, section: 'Growing Tensions with the US' },
      { kind: 'section', headline, section: 'Growing tensions with the US' },
      { kind: 'quote', headline, text: 'The war continues.' },
      { kind: 'quote', headline, text: 'The war continues.', speaker: 'Volodymyr Zelenskyy' },
      { kind: 'word', headline, context: 'calling him a “dictator”.' },
      { kind: 'article', headline: 'Жители северного берега' },
      { kind: 'article', headline: 'Жители северного берегa' }, // a Latin "a" at the end
    ];
    expect(new Set(cards.map(shareCardHash)).size).toBe(cards.length);
  });

  it('say in their alt text the words they show, and invent no speaker', () => {
    expect(shareCardText({ kind: 'quote', headline, text: 'The war continues.' })).toBe(
      `“The war continues.” ${headline} · Dispatch`,
    );
    expect(
      shareCardText({ kind: 'section', headline, section: 'Growing Tensions with the US' }),
    ).toBe(`Growing Tensions with the US · ${headline} · Dispatch`);
    expect(cardImage({ kind: 'article', headline })).toMatchObject({
      width: 1200,
      height: 630,
      alt: `${headline} · Dispatch`,
    });
  });
});
