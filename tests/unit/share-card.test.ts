// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  canDrawText,
  cardImage,
  shareCardHash,
  shareCardPath,
  shareCardText,
  type ShareCard,
} from '../../src/lib/share-card';
import { CARDS_DIR } from '../../src/lib/site-files';

const headline = 'Zelenskyy says he is ready to step down for peace and NATO membership';

describe('share cards', () => {
  it('are named by a hash of what they show, the same wherever it is computed', () => {
    // Known answers, worked out once apart from this code (FNV-1a, 64 bits, over the UTF-8 of
    // `JSON.stringify([design, card])`): a change of hash, key order or encoding renames every
    // card already shared. The browser's build is held to the same names by the e2e suite
    // (prerender.spec.ts, "share cards").
    const known: [ShareCard, string][] = [
      [{ kind: 'article', headline }, '8bd77d147076b6f1'],
      [{ kind: 'section', headline, section: 'Growing Tensions with the US' }, '5f56b0b2e5fbbf2a'],
      [
        { kind: 'quote', headline, text: 'The war continues.', speaker: 'Volodymyr Zelenskyy' },
        '19f5bfd4c9822d37',
      ],
      [{ kind: 'word', headline, context: 'calling him a “dictator”.' }, '6a26d61fa4e9fbde'],
      [{ kind: 'article', headline: 'Жители северного берега' }, '260f1514fb31c9d5'],
    ];
    for (const [card, hash] of known) {
      expect(shareCardHash(card), JSON.stringify(card)).toBe(hash);
      expect(shareCardPath(card)).toBe(`/${CARDS_DIR}/${hash}.png`);
    }
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

describe('what a share card can draw', () => {
  it('is every code point of the type’s subsets, and nothing else', () => {
    const subsets = JSON.parse(
      readFileSync(
        createRequire(import.meta.url).resolve('@fontsource/source-serif-4/unicode.json'),
        'utf8',
      ),
    ) as Record<string, string>;
    const covered = new Set<number>();
    for (const name of ['latin', 'latin-ext', 'cyrillic', 'cyrillic-ext', 'greek', 'vietnamese']) {
      for (const range of subsets[name]!.split(',')) {
        const [from = '', to = from] = range.replace('U+', '').split('-');
        for (let code = parseInt(from, 16); code <= parseInt(to, 16); code++) covered.add(code);
      }
    }
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (canDrawText(String.fromCharCode(code)) !== covered.has(code))
        wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('is the site’s own card for words in another script, never boxes or reversed words', () => {
    const arabic = cardImage({ kind: 'article', headline: 'تأخر تشغيل محطة تحلية' });
    expect(arabic.card).toEqual({ kind: 'site' });
    expect(arabic.alt).toBe('Dispatch');
    const hebrew = cardImage({ kind: 'quote', headline, text: 'אין מים', speaker: 'יואב שטרן' });
    expect(hebrew.card).toEqual({ kind: 'site' });
    expect(cardImage({ kind: 'article', headline: 'Ελλάδα: Жители Zürich' }).card.kind).toBe(
      'article',
    );
  });
});
