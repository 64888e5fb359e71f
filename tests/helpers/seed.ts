import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The seed article as published: the story's source in content/. */
export const seedText = readFileSync(
  resolve(
    import.meta.dirname,
    '../../content/stories/zelenskyy-ready-to-step-down-for-peace-and-nato-membership.txt',
  ),
  'utf8',
);

export const SEED_SLUG = 'zelenskyy-ready-to-step-down-for-peace-and-nato-membership';

export const SEED_HEADINGS = [
  'Growing Tensions with the US',
  'US-Ukraine Deal on Rare Earth Minerals',
  'Ukraine Excluded from US-Russia Talks',
  'Russia Launches Largest Drone Attack on Ukraine',
];

const lines = seedText.split('\n');
const relatedAt = lines.indexOf('Related Stories:');

/** The body lines (headings and paragraphs) in published order. */
export const seedBodyLines = lines.slice(0, relatedAt);
export const seedParagraphs = seedBodyLines.filter((line) => !SEED_HEADINGS.includes(line));
export const seedRelatedTitles = lines.slice(relatedAt + 1);
