/**
 * Re-anchoring 500 highlights on a long story (about 100,000 characters), in Node: the work the
 * article page and `/highlights` do when a story has changed since its highlights were made
 * (content/text-quote.ts). The story is the seed's text followed by sections of sentences made
 * from the seed's own words, so common words ("the", "Ukraine") stand in hundreds of places while
 * most passages stand in one, as in a real story. 500 selections of 1 to 12 words are made at
 * random places; then the story is edited: a paragraph added at the very start (every highlight
 * after it moves, so none takes the no-search path), one paragraph rewritten, one removed, a
 * section renamed, a word changed in a few others.
 *
 * Prints the median of several runs (each re-anchors all 500), for the edited story, the
 * unchanged one and, as the worst case, another story made of the same words (nearly nothing
 * can be placed, and each highlight reads the whole text), with how many highlights were placed
 * and how many could not be; for the edited story, whether each placed one is where its words
 * were (found by the blocks the edits kept) and whether those not placed had their words changed.
 * A benchmark, not a test: no figure fails it.
 *
 *   npm run bench:highlights [-- --runs N]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { generateContent } from '../../src/build/content-plugin.ts';
import { blockText, type Block } from '../../src/content/nodes.ts';
import { isFullArticle, toArticle, type Article } from '../../src/content/article.ts';
import type { ArticleDocument } from '../../src/content/schema.ts';
import {
  anchorQuote,
  quoteSelector,
  storyText,
  type TextQuote,
} from '../../src/content/text-quote.ts';
import { parseStory } from '../../src/content/validate.ts';

const SEED_SLUG = 'zelenskyy-ready-to-step-down-for-peace-and-nato-membership';
const TARGET_CHARACTERS = 100_000;
const HIGHLIGHTS = 500;

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Math.max(1, Number(values.runs) || 15);

const log = (...args: unknown[]): void => console.error('[bench:highlights]', ...args);

/** A small seeded generator (mulberry32), so every run of the bench measures the same story. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = randomFrom(32);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const paragraph = (text: string): Block => ({
  type: 'paragraph',
  content: [{ type: 'text', text }],
});

async function seedArticle(): Promise<Article> {
  const files = await generateContent(resolve(import.meta.dirname, '../../content'));
  const url = `articles/${SEED_SLUG}.json`;
  const story = parseStory(url, files.get(url));
  if (!isFullArticle(story)) throw new Error('the seed story is not a full article');
  return story;
}

/** The seed, then sections of sentences of the seed's words, up to the target length. */
function longStory(seed: Article): ArticleDocument {
  const words = seed.sections
    .flatMap((section) => section.blocks.map(blockText))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean);
  const sentence = () => {
    const count = 8 + Math.floor(random() * 18);
    const text = Array.from({ length: count }, () => pick(words)).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1).replace(/[.,]$/, '')}.`;
  };
  const sections: ArticleDocument['sections'] = seed.sections.map(({ heading, blocks }) => ({
    ...(heading === undefined ? {} : { heading }),
    blocks,
  }));
  let length = storyText(seed).text.length;
  for (let part = 2; length < TARGET_CHARACTERS; part += 1) {
    const blocks = Array.from({ length: 8 }, () =>
      paragraph(Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' ')),
    );
    length += blocks.reduce((sum, block) => sum + blockText(block).length + 1, 0);
    sections.push({ heading: `Day ${part}: ${sentence().slice(0, 40)}`, blocks });
  }
  return { ...seed, sections };
}

/** Selections of 1 to 12 whole words at random places, as readers make them. */
function selections(article: Article): TextQuote[] {
  const story = storyText(article);
  const quotes: TextQuote[] = [];
  const wordStarts = [...story.text.matchAll(/\S+/g)].map((match) => match.index);
  while (quotes.length < HIGHLIGHTS) {
    const first = Math.floor(random() * wordStarts.length);
    const last = Math.min(wordStarts.length - 1, first + Math.floor(random() * 12));
    const end = story.text.slice(wordStarts[last]!).search(/\s|$/) + wordStarts[last]!;
    const quote = quoteSelector(story, wordStarts[first]!, end);
    if (quote) quotes.push(quote);
  }
  return quotes;
}

/** A correction and a re-ingest's worth of changes. */
function edit(document: ArticleDocument): {
  edited: ArticleDocument;
  replaced: Map<Block, Block>;
} {
  const sections = document.sections.map((section) => ({
    ...section,
    blocks: [...section.blocks],
  }));
  const replaced = new Map<Block, Block>();
  const replace = (blocks: Block[], index: number, text: string) => {
    const next = paragraph(text);
    replaced.set(blocks[index]!, next);
    blocks[index] = next;
  };
  const middle = sections[Math.floor(sections.length / 2)]!;
  replace(middle.blocks, 3, blockText(middle.blocks[3]!).split(' ').reverse().join(' '));
  const removed = sections[Math.floor(sections.length / 3)]!;
  removed.blocks.splice(5, 1);
  for (let n = 0; n < 5; n += 1) {
    const section = pick(sections.slice(1));
    const index = Math.floor(random() * section.blocks.length);
    const words = blockText(section.blocks[index]!).split(' ');
    words[Math.floor(random() * words.length)] = 'corrected';
    replace(section.blocks, index, words.join(' '));
  }
  sections[2]!.heading = `${sections[2]!.heading} (updated)`;
  sections[0]!.blocks.unshift(paragraph('This story was updated to correct a figure.'));
  return { edited: { ...document, sections }, replaced };
}

const seed = await seedArticle();
const document = longStory(seed);
const article = toArticle(document);
const quotes = selections(article);
const { edited, replaced } = edit(document);
const editedArticle = toArticle(edited);
// The worst case: another story of the same words, where (nearly) nothing can be placed and every
// highlight reads the whole text.
const other = storyText(toArticle(longStory(seed)));

const before = storyText(article);
const after = storyText(editedArticle);
const textSamples: number[] = [];
let started = 0;
for (let run = 0; run < runs; run += 1) {
  started = performance.now();
  storyText(editedArticle);
  textSamples.push(performance.now() - started);
}
const textMs = median(textSamples);

function measure(story: ReturnType<typeof storyText>) {
  const samples: number[] = [];
  let placed = 0;
  for (let run = 0; run < runs; run += 1) {
    started = performance.now();
    placed = 0;
    for (const quote of quotes) if (anchorQuote(story, quote)) placed += 1;
    samples.push(performance.now() - started);
  }
  const ms = median(samples);
  return {
    ms_total: Number(ms.toFixed(2)),
    ms_per_highlight: Number((ms / quotes.length).toFixed(4)),
    placed,
    not_placed: quotes.length - placed,
  };
}

// Where each highlight was, after the edits: its paragraph, by the blocks the edits kept (the
// same objects) or replaced, and for a kept one the very place.
const blocksBefore = document.sections.flatMap((section) => section.blocks);
const blocksAfter = edited.sections.flatMap((section) => section.blocks);
function whereItWas(quote: TextQuote): { at: number | null; start: number; end: number } | null {
  const index = before.blocks.findIndex(
    (block) => block.start <= quote.position && quote.position < block.end,
  );
  let block = blocksBefore[index]!;
  let kept = true;
  for (let next = replaced.get(block); next; next = replaced.get(block)) {
    block = next;
    kept = false;
  }
  const moved = blocksAfter.indexOf(block);
  if (moved < 0) return null;
  const { start, end } = after.blocks[moved]!;
  return { at: kept ? start + quote.position - before.blocks[index]!.start : null, start, end };
}
const outcomes = {
  at_their_place: 0,
  in_their_changed_paragraph: 0,
  elsewhere: 0,
  not_placed_words_gone: 0,
  not_placed_words_there: 0,
};
for (const quote of quotes) {
  const was = whereItWas(quote);
  const place = anchorQuote(after, quote);
  if (place) {
    if (was?.at === place.start) outcomes.at_their_place += 1;
    else if (was && was.at === null && was.start <= place.start && place.start < was.end)
      outcomes.in_their_changed_paragraph += 1;
    else outcomes.elsewhere += 1;
  } else if (was?.at != null && after.text.startsWith(quote.exact, was.at))
    outcomes.not_placed_words_there += 1;
  else outcomes.not_placed_words_gone += 1;
}

const result = {
  characters: { before: before.text.length, after: after.text.length },
  highlights: quotes.length,
  runs,
  story_text_ms: Number(textMs.toFixed(2)),
  unchanged: measure(before),
  other_story: measure(other),
  edited: { ...measure(after), ...outcomes },
};
log(
  `${quotes.length} highlights on ${after.text.length} characters: ` +
    `${result.edited.ms_total} ms after edits (${result.edited.placed} placed, ` +
    `${outcomes.at_their_place} where they were, ${outcomes.in_their_changed_paragraph} in ` +
    `their corrected paragraph, ${outcomes.elsewhere} elsewhere; ${result.edited.not_placed} ` +
    `not, ${outcomes.not_placed_words_gone} of them in a rewritten, corrected or removed paragraph), ` +
    `${result.unchanged.ms_total} ms unchanged, ${result.other_story.ms_total} ms on another ` +
    `story (${result.other_story.placed} placed); the story's text in ${result.story_text_ms} ms`,
);
console.log(JSON.stringify(result));
