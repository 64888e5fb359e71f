// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { firstSentence, SENTENCE_END } from '../../../src/content/sentences';

/** The offsets just after each sentence end, as quotes.ts reads them. */
const sentenceEnds = (text: string) =>
  Array.from(text.matchAll(SENTENCE_END), (match) => match.index + match[0].length);

/** A text cut at its sentence ends. */
const sentences = (text: string) => {
  const ends = sentenceEnds(text);
  return [0, ...ends].map((start, index) => text.slice(start, ends[index] ?? text.length).trim());
};

describe('sentence ends', () => {
  it('end at . ! or ? before space and a capital, in any script', () => {
    const text = 'It rained. Then it stopped! Was it over? Юрий said so. Ça va.';
    expect(sentenceEnds(text)).toEqual([10, 27, 40, 54]);
    expect(sentences(text)).toEqual([
      'It rained.',
      'Then it stopped!',
      'Was it over?',
      'Юрий said so.',
      'Ça va.',
    ]);
  });

  it('take a closing quotation mark with them, and end before an opening one', () => {
    expect(sentences('“We are ready.” He left. “Go,” she said. ‘Fine.’ "Done." "Next"')).toEqual([
      '“We are ready.”',
      'He left.',
      '“Go,” she said.',
      '‘Fine.’',
      '"Done."',
      '"Next"',
    ]);
  });

  it('are not a decimal point, an abbreviation before lower case, or the end of the text', () => {
    expect(sentenceEnds('Up 3.5 per cent, e.g. the plan. More.')).toEqual([31]);
    expect(sentenceEnds('The end.')).toEqual([]);
    expect(sentenceEnds('No space.Next')).toEqual([]);
    expect(sentenceEnds('')).toEqual([]);
  });

  it('need space after them, any space, however much', () => {
    expect(sentenceEnds('One.\nTwo.\t\tThree.  Four')).toEqual([4, 9, 17]);
  });
});

describe('the first sentence', () => {
  it('is the text up to the first sentence end, trimmed', () => {
    expect(firstSentence('  It rained. Then it stopped.')).toBe('It rained.');
    expect(firstSentence('“We are ready.” He left.')).toBe('“We are ready.”');
    expect(firstSentence('Up 3.5 per cent. More.')).toBe('Up 3.5 per cent.');
  });

  it('is all of the text when nothing ends a sentence before its end', () => {
    expect(firstSentence('The end.  ')).toBe('The end.');
    expect(firstSentence('no end at all')).toBe('no end at all');
    expect(firstSentence('e.g. lower case. still one')).toBe('e.g. lower case. still one');
    expect(firstSentence('')).toBe('');
  });
});
