// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SHARE_CARD_HEIGHT, SHARE_CARD_WIDTH, type ShareCard } from '../../../src/lib/share-card';
import { SITE_NAME } from '../../../src/lib/site';
import { renderShareCard, renderShareCardSvg } from '../../../src/build/share-card-render';

const HEADLINE = 'Zelenskyy says he is ready to step down for peace and NATO membership';
const SPEAKER = 'Volodymyr Zelenskyy';
/** The seed story's longest quotation. */
const SEED_QUOTE =
  'The war continues. Everyone capable of helping with air defense must work to enhance the protection of human life. We must do everything possible to bring a lasting and just peace to Ukraine,';
const SEED_QUOTE_SHORT =
  'If [it means] peace for Ukraine, if you really need me to leave my post, I am ready,';
const CYRILLIC = 'Жители северного берега говорят, что мост — сердце города';
const LATIN = 'Residents of the north bank say the bridge is the heart of town';
const LATIN_EXT = 'Zürich, Łódź and Ærøskøbing';
const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ';
const QUOTE_400 = LOREM.repeat(4).slice(0, 400);
const QUOTE_1000 = LOREM.repeat(9).slice(0, 1000);
const HEADLINE_300 =
  'Officials say the bridge over the northern river will stay closed for weeks while engineers '
    .repeat(4)
    .slice(0, 300);
const LONG_WORD = 'A'.repeat(10_000);

/** The y of the footer's top: the card's text must stay above it, the wordmark below. */
const FOOTER_TOP = 534;

interface TextRun {
  x: number;
  y: number;
  width: number;
  fontSize: number;
  text: string;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The `<text>` runs of an SVG rendered with `embedFont: false`, in document order. */
function textRuns(svg: string): TextRun[] {
  return [...svg.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => {
    const number = (name: string) =>
      Number(new RegExp(`\\s${name}="([^"]*)"`).exec(attributes!)?.[1] ?? NaN);
    return {
      x: number('x'),
      y: number('y'),
      width: number('width'),
      fontSize: number('font-size'),
      text: decode(text!),
    };
  });
}

/** The card's words as one string, with runs of white space as single spaces. */
function svgText(svg: string): string {
  return textRuns(svg)
    .map((run) => run.text)
    .join('')
    .replace(/\s+/g, ' ');
}

async function textOf(card: ShareCard): Promise<{ text: string; runs: TextRun[] }> {
  const svg = await renderShareCardSvg(card, { embedFont: false });
  return { text: svgText(svg), runs: textRuns(svg) };
}

function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Every run starts and ends inside the frame, and the card's text stays above the footer. */
function expectInsideFrame(runs: TextRun[]): void {
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) {
    expect(run.x).toBeGreaterThanOrEqual(0);
    expect(run.x).toBeLessThan(SHARE_CARD_WIDTH);
    expect(run.x + run.width).toBeLessThanOrEqual(SHARE_CARD_WIDTH);
    expect(run.y).toBeGreaterThan(0);
    expect(run.y).toBeLessThan(SHARE_CARD_HEIGHT);
    if (run.text !== SITE_NAME) expect(run.y).toBeLessThanOrEqual(FOOTER_TOP);
  }
}

/** The total length of the glyph outlines' path data: what is actually drawn. */
function pathData(svg: string): number {
  return [...svg.matchAll(/<path\b[^>]*\sd="([^"]*)"/g)].reduce((sum, [, d]) => sum + d!.length, 0);
}

const CARDS: [string, ShareCard][] = [
  ['an article card', { kind: 'article', headline: HEADLINE }],
  [
    'a section card',
    { kind: 'section', headline: HEADLINE, section: 'Growing Tensions with the US' },
  ],
  [
    'the seed story’s longest quotation',
    { kind: 'quote', headline: HEADLINE, text: SEED_QUOTE, speaker: SPEAKER },
  ],
  [
    'a 400-character quotation',
    { kind: 'quote', headline: HEADLINE, text: QUOTE_400, speaker: SPEAKER },
  ],
  ['a Cyrillic headline', { kind: 'article', headline: CYRILLIC }],
  ['Latin Extended', { kind: 'section', headline: LATIN_EXT, section: LATIN_EXT }],
  ['a quotation without speaker', { kind: 'quote', headline: HEADLINE, text: SEED_QUOTE_SHORT }],
];

describe('renderShareCard', () => {
  it.each(CARDS)('draws %s as a 1200×630 PNG', async (_name, card) => {
    const { svg, png } = await renderShareCard(card);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(500_000);
    expect(svg).toMatch(/^<svg width="1200" height="630"/);
    // Every glyph is a path: the PNG depends on no font of the machine that draws it.
    expect(svg).not.toMatch(/<text\b/);
  });
});

describe('the words on the card', () => {
  it('shows an article’s headline and the site name', async () => {
    const { text, runs } = await textOf({ kind: 'article', headline: HEADLINE });
    expect(text).toContain(HEADLINE);
    expect(text).toContain(SITE_NAME);
    expectInsideFrame(runs);
  });

  it('shows a section’s title over the story’s headline', async () => {
    const section = 'Growing Tensions with the US';
    const { text, runs } = await textOf({ kind: 'section', headline: HEADLINE, section });
    expect(text).toContain(section);
    expect(text).toContain(HEADLINE);
    expect(text.indexOf(section)).toBeLessThan(text.indexOf(HEADLINE));
    expect(text).toContain(SITE_NAME);
    expectInsideFrame(runs);
  });

  it('shows the seed story’s longest quotation whole, with its speaker', async () => {
    const card: ShareCard = {
      kind: 'quote',
      headline: HEADLINE,
      text: SEED_QUOTE,
      speaker: SPEAKER,
    };
    const { text, runs } = await textOf(card);
    expect(text).toContain(SEED_QUOTE);
    expect(text).not.toContain('…');
    expect(text).toContain(SPEAKER);
    expect(text).toContain(HEADLINE);
    expect(text).toContain(SITE_NAME);
    expectInsideFrame(runs);
  });

  it('shrinks a 400-character quotation to its smallest size, cut only with an ellipsis', async () => {
    const card: ShareCard = {
      kind: 'quote',
      headline: HEADLINE,
      text: QUOTE_400,
      speaker: SPEAKER,
    };
    const { text, runs } = await textOf(card);
    const quoteRuns = runs.filter((run) => run.text.trim() === 'Lorem');
    expect(quoteRuns.length).toBeGreaterThan(0);
    for (const run of quoteRuns) expect(run.fontSize).toBe(32);
    // Whole, or the start of it and an ellipsis.
    const shown = /“(.*?)(…)?Volodymyr/.exec(text);
    expect(shown).not.toBeNull();
    const [, visible, ellipsis] = shown!;
    if (ellipsis) expect(QUOTE_400.startsWith(visible!.trimEnd())).toBe(true);
    else expect(visible!.trim()).toBe(QUOTE_400.trim());
    expect(text).toContain(SPEAKER);
    expect(text).toContain(HEADLINE);
    expectInsideFrame(runs);
  });

  it('cuts a longer quotation after its last whole line with an ellipsis', async () => {
    const card: ShareCard = {
      kind: 'quote',
      headline: HEADLINE,
      text: QUOTE_1000,
      speaker: SPEAKER,
    };
    const { text, runs } = await textOf(card);
    expect(text).toContain('“Lorem ipsum dolor sit amet, consectetur adipiscing elit');
    const visible = /“(.*?)…Volodymyr/.exec(text)?.[1];
    expect(visible).toBeDefined();
    expect(visible!.length).toBeGreaterThan(300);
    expect(visible!.length).toBeLessThan(QUOTE_1000.length);
    expect(QUOTE_1000.startsWith(visible!)).toBe(true);
    expect(text).toContain(SPEAKER);
    expect(text).toContain(HEADLINE);
    expectInsideFrame(runs);
  });

  it('invents no speaker for a quotation without one', async () => {
    const card: ShareCard = { kind: 'quote', headline: HEADLINE, text: SEED_QUOTE_SHORT };
    const { text, runs } = await textOf(card);
    expect(text).toBe(`“${SEED_QUOTE_SHORT}${HEADLINE}${SITE_NAME}`);
    expectInsideFrame(runs);
  });

  it('shows a quoted word in the sentence it stands in, with no quotation mark of its own', async () => {
    const context =
      'Trump has criticized Zelenskyy, calling him a “dictator” with little public support.';
    const { text, runs } = await textOf({ kind: 'word', headline: HEADLINE, context });
    expect(text).toBe(`${context}${HEADLINE}${SITE_NAME}`);
    expectInsideFrame(runs);
  });

  it('shows Cyrillic and Latin Extended letters as text', async () => {
    const cyrillic = await textOf({ kind: 'article', headline: CYRILLIC });
    expect(cyrillic.text).toContain(CYRILLIC);
    const latinExt = await textOf({ kind: 'section', headline: LATIN_EXT, section: LATIN_EXT });
    expect(latinExt.text.split(LATIN_EXT)).toHaveLength(3);
  });
});

describe('glyphs', () => {
  it('draws Cyrillic letters with outlines as rich as Latin ones, not as empty boxes', async () => {
    const drawn = async (headline: string) =>
      pathData(await renderShareCardSvg({ kind: 'article', headline }));
    const frame = await drawn('');
    const cyrillic = (await drawn(CYRILLIC)) - frame;
    const latin = (await drawn(LATIN)) - frame;
    expect(latin).toBeGreaterThan(10_000);
    expect(cyrillic).toBeGreaterThan(latin * 0.6);
    // Letters with no font at all (CJK) come out as far less.
    const missing =
      (await drawn('北岸の住民は橋が町の心臓だと言う、北岸の住民は橋が町の心臓だと言う')) - frame;
    expect(missing).toBeLessThan(cyrillic * 0.5);
  });

  it('draws Latin Extended letters from their own font', async () => {
    const drawn = async (headline: string) =>
      pathData(await renderShareCardSvg({ kind: 'article', headline }));
    // The same letters, with and without their accents and strokes.
    const accented = await drawn('Łódź Ærøskøbing Zürich Łódź Ærøskøbing Zürich');
    const plain = await drawn('Lodz AEroskobing Zurich Lodz AEroskobing Zurich');
    expect(accented).toBeGreaterThan(plain * 0.9);
  });
});

describe('fit', () => {
  it('keeps a 300-character headline inside the frame', async () => {
    expect(HEADLINE_300).toHaveLength(300);
    const { text, runs } = await textOf({ kind: 'article', headline: HEADLINE_300 });
    expect(text).toContain(HEADLINE_300.slice(0, 120));
    expectInsideFrame(runs);
  });

  it('breaks and cuts a 10,000-character word inside the frame', async () => {
    const article = await textOf({ kind: 'article', headline: LONG_WORD });
    expect(article.text).toMatch(/^A+…Dispatch$/);
    expectInsideFrame(article.runs);

    const section = await textOf({ kind: 'section', headline: LONG_WORD, section: LONG_WORD });
    expectInsideFrame(section.runs);

    const quote = await textOf({
      kind: 'quote',
      headline: LONG_WORD,
      text: LONG_WORD,
      speaker: LONG_WORD,
    });
    expect(quote.text).toMatch(/^“A+…A+…A+…Dispatch$/);
    expectInsideFrame(quote.runs);

    const { png } = await renderShareCard({ kind: 'article', headline: LONG_WORD });
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });
});
