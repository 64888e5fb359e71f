// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeQuotations,
  type Attribution,
  type ParagraphInput,
  type QuotationSpan,
} from '../../../src/ingest/attribution';
import { findQuotations } from '../../../src/ingest/quotations';
import { SEED_HEADINGS, seedBodyLines } from '../../helpers/seed';

/** Paragraphs from lines; a line starting with "# " is a heading and starts a new section. */
function paragraphsOf(
  lines: readonly string[],
  isHeading = (line: string) => line.startsWith('# '),
) {
  const paragraphs: ParagraphInput[] = [];
  let sectionStart = true;
  for (const line of lines) {
    if (isHeading(line)) {
      sectionStart = true;
      continue;
    }
    paragraphs.push({ text: line, sectionStart });
    sectionStart = false;
  }
  return paragraphs;
}

function spansOf(text: string): QuotationSpan[] {
  const scan = findQuotations([{ text, follows: false }]);
  const problem = scan.problems[0];
  if (problem) throw new Error(`${problem.message} at ${problem.offset} in: ${text}`);
  return scan.parts[0]!;
}

/** Every quotation of the story in reading order: its words and its attribution. */
function attribute(paragraphs: readonly ParagraphInput[]) {
  const spans = paragraphs.map(({ text }) => spansOf(text));
  return attributeQuotations(paragraphs, spans).flatMap((list, index) =>
    list.map((attribution, at) => {
      const { open, close } = spans[index]![at]!;
      return { quote: paragraphs[index]!.text.slice(open + 1, close), ...attribution };
    }),
  );
}

const story = (...lines: string[]) => attribute(paragraphsOf(lines));

/** The one quotation of a story (or the last one), attributed. */
const last = (...lines: string[]) => story(...lines).at(-1)!;

const unattributed = (kind: Attribution['kind']) => ({ kind });

describe('attributeQuotations on the seed article', () => {
  const seed = paragraphsOf(seedBodyLines, (line) => SEED_HEADINGS.includes(line));

  it('gives its six quotations the speakers, rules and kinds the text itself gives them', () => {
    expect(
      attribute(seed).map(({ quote, ...attribution }) => [quote.slice(0, 16), attribution]),
    ).toEqual([
      ['If [it means] pe', { speaker: 'Volodymyr Zelenskyy', rule: 'said', kind: 'statement' }],
      [
        'I can exchange t',
        { speaker: 'Volodymyr Zelenskyy', rule: 'continuation', kind: 'statement' },
      ],
      ['dictator', { speaker: 'Donald Trump', rule: 'subject', kind: 'word' }],
      ['The question of ', { speaker: 'Volodymyr Zelenskyy', rule: 'pronoun', kind: 'statement' }],
      [
        'It will not be i',
        { speaker: 'Volodymyr Zelenskyy', rule: 'continuation', kind: 'statement' },
      ],
      ['The war continue', { speaker: 'Volodymyr Zelenskyy', rule: 'pronoun', kind: 'statement' }],
    ]);
  });

  it('reads the seed as body text only: four headings, thirteen paragraphs', () => {
    expect(seed).toHaveLength(13);
    expect(seed.filter(({ sectionStart }) => sectionStart)).toHaveLength(5);
  });
});

describe('rule 1: an explicit attribution next to the quotation', () => {
  it.each([
    ['“We are ready,” Ada Okafor said.', 'said'],
    ['“We are ready,” said Ada Okafor.', 'said'],
    ['“We are ready,” Ada Okafor told reporters.', 'said'],
    ['“We are ready,” Ada Okafor said on Tuesday.', 'said'],
    ['“We are ready,” Ada Okafor also added.', 'said'],
    ['“We are ready,” Ada Okafor, the finance minister, said.', 'said'],
    ['“We are ready,” according to Ada Okafor.', 'according-to'],
    ['Ada Okafor said: “We are ready.”', 'said'],
    ['Ada Okafor told the BBC on Tuesday: “We are ready.”', 'said'],
    ['Ada Okafor has said “we are ready”.', 'said'],
    ['According to Ada Okafor, “we are ready.”', 'according-to'],
    ['“Are we ready?” Ada Okafor asked.', 'said'],
  ])('%s', (text, rule) => {
    expect(last(text)).toMatchObject({ speaker: 'Ada Okafor', rule });
  });

  it('attributes each of two quotations around one “said”', () => {
    expect(story('“A,” Ada Okafor said, “B.”').map(({ speaker }) => speaker)).toEqual([
      'Ada Okafor',
      'Ada Okafor',
    ]);
  });

  it('names the person in an appositive, not the one whose role it is', () => {
    expect(last('“We are ready,” Okafor’s spokesperson, Chidi Bello, said.')).toMatchObject({
      speaker: 'Chidi Bello',
    });
    expect(last('Trump’s envoy, Steve Witkoff, said: “We are close.”')).toMatchObject({
      speaker: 'Steve Witkoff',
    });
  });

  it('takes the name after the last title and possessive', () => {
    expect(last('Russian Deputy Foreign Minister Sergei Ryabkov said: “No.”').speaker).toBe(
      'Sergei Ryabkov',
    );
    expect(last('Ukraine’s President Volodymyr Zelenskyy said: “No.”').speaker).toBe(
      'Volodymyr Zelenskyy',
    );
    expect(last('“No,” said US Secretary of State Marco Rubio.').speaker).toBe('Marco Rubio');
    expect(last('The Ministry of Defence said: “No.”').speaker).toBe('Ministry of Defence');
  });

  it('gives a Cyrillic name with an English verb', () => {
    expect(last('“Мы готовы,” said Иван Петров.')).toEqual({
      quote: 'Мы готовы,',
      speaker: 'Иван Петров',
      rule: 'said',
      kind: 'statement',
    });
  });

  it('leaves a Russian sentence with «…» and no English verb unattributed', () => {
    expect(last('«Мы готовы», — сказал Иван Петров.')).toEqual({
      quote: 'Мы готовы',
      ...unattributed('word'),
    });
    expect(last('Иван Петров сказал: «Мы готовы».')).toMatchObject(unattributed('word'));
  });

  it('leaves a quotation attributed to nobody named unattributed', () => {
    for (const text of [
      '“It is a farce,” critics said.',
      'Critics said: “It is a farce.”',
      '“It is a farce,” the ministry said.',
      '“It is a farce,” said the minister.',
      '“It is a farce,” Okafor’s spokesperson said.',
      '“It is a farce,” according to a survey.',
      'Officials in Moscow said: “It is a farce.”',
      'Bello and Okafor said: “It is a farce.”',
      'Okafor was told: “It is a farce.”',
    ])
      expect(last(text), text).toEqual({ quote: expect.any(String), kind: 'statement' });
  });

  it('does not take a new sentence after a quotation for its attribution', () => {
    expect(last('“Stop.” Okafor said nothing.')).not.toHaveProperty('speaker');
  });
});

describe('rule 2: a pronoun stands for the last person named as a speaker', () => {
  it('looks back in the same paragraph', () => {
    expect(last('Ada Okafor said the talks had failed. “We are ready,” she said.')).toMatchObject({
      speaker: 'Ada Okafor',
      rule: 'pronoun',
    });
    expect(last('Ada Okafor spoke first. She told reporters: “We are ready.”')).toMatchObject({
      speaker: 'Ada Okafor',
      rule: 'pronoun',
    });
  });

  it('takes the latest speaker, and keeps it across a pronoun subject', () => {
    expect(
      last(
        'Ada Okafor said the talks had failed. Chidi Bello rejected the claim. He added that it was early. “We are ready,” he said.',
      ),
    ).toMatchObject({ speaker: 'Chidi Bello', rule: 'pronoun' });
  });

  it('names as a speaker whoever speaks indirectly, with or without a quotation', () => {
    expect(
      last('Trump’s envoy, Steve Witkoff, said Okafor hesitated. “We will see,” he said.'),
    ).toMatchObject({ speaker: 'Steve Witkoff' });
  });

  it('looks back one paragraph within the section', () => {
    expect(
      last('Ada Okafor said the talks had failed.', '“We are ready,” she said.'),
    ).toMatchObject({ speaker: 'Ada Okafor', rule: 'pronoun' });
  });

  it('does not look back two paragraphs', () => {
    expect(
      last(
        'Ada Okafor said the talks had failed.',
        'The talks ended.',
        '“We are ready,” she said.',
      ),
    ).not.toHaveProperty('speaker');
  });

  it('does not look back across a section heading', () => {
    expect(
      last('Ada Okafor said the talks had failed.', '# Next steps', '“We are ready,” she said.'),
    ).toEqual({ quote: 'We are ready,', kind: 'statement' });
  });

  it('leaves a pronoun with no earlier speaker unattributed', () => {
    expect(last('“We are ready,” he said.')).toEqual({
      quote: 'We are ready,',
      kind: 'statement',
    });
    // Someone named, but not as a speaker.
    expect(last('Ada Okafor arrived late. “We are ready,” she said.')).not.toHaveProperty(
      'speaker',
    );
  });

  it('does not let he or she stand for an institution or an acronym, but they may', () => {
    expect(last('The Foreign Office said: “No.”', '“Yes,” he said.')).not.toHaveProperty('speaker');
    expect(last('The Foreign Office said: “No.”', '“Yes,” they said.')).toMatchObject({
      speaker: 'Foreign Office',
      rule: 'pronoun',
    });
  });
});

describe('rule 3: a continuation goes on with the previous sentence’s speaker', () => {
  it('continues within a paragraph', () => {
    expect(story('“A,” Okafor said. “B.”')).toEqual([
      { quote: 'A,', speaker: 'Okafor', rule: 'said', kind: 'statement' },
      { quote: 'B.', speaker: 'Okafor', rule: 'continuation', kind: 'statement' },
    ]);
    expect(last('“Why?” Okafor asked. “Because.”')).toMatchObject({
      speaker: 'Okafor',
      rule: 'continuation',
    });
  });

  it('continues past a place, which is no other speaker', () => {
    expect(last('“A,” Okafor said in Kyiv. “B.”')).toMatchObject({
      speaker: 'Okafor',
      rule: 'continuation',
    });
  });

  it('continues into a paragraph that opens with the quotation', () => {
    expect(last('“We are ready,” Okafor said.', '“We always were.”')).toMatchObject({
      speaker: 'Okafor',
      rule: 'continuation',
    });
  });

  it('does not continue across a heading, or into a paragraph that opens otherwise', () => {
    expect(last('“A,” Okafor said.', '# Next', '“B.”')).not.toHaveProperty('speaker');
    expect(last('“A,” Okafor said.', 'Then: “B.”')).not.toHaveProperty('speaker');
  });

  it('does not continue past another name, or a sentence without a quotation', () => {
    expect(last('“A,” Okafor said of Bello’s plan. “B.”')).not.toHaveProperty('speaker');
    expect(last('“A,” Okafor said. Bello left. “B.”')).not.toHaveProperty('speaker');
    expect(last('“A,” Okafor said. “B,” critics said.')).not.toHaveProperty('speaker');
  });

  it('continues with the nearer of two speakers', () => {
    expect(last('“A,” Okafor said. “B,” Bello said. “C.”')).toMatchObject({
      speaker: 'Bello',
      rule: 'continuation',
    });
  });
});

describe('rule 4: the named subject of the sentence', () => {
  it.each([
    ['Okafor called it “a farce”.', 'Okafor'],
    ['Okafor said the plan was “dead”.', 'Okafor'],
    ['Trump has criticized Zelenskyy, calling him a “dictator”.', 'Trump'],
    ['In Kyiv, Okafor called it “a farce”.', 'Okafor'],
    ['The minister, Ada Okafor, called it “a farce”.', 'Ada Okafor'],
    ['Okafor stormed out, calling the plan “a farce”.', 'Okafor'],
    ['Okafor, speaking in Berlin, called it “a farce”.', 'Okafor'],
    [
      'The BBC’s correspondent James Waterhouse said the mood in Kyiv was “sombre”.',
      'James Waterhouse',
    ],
  ])('%s → %s', (text, speaker) => {
    expect(last(text)).toMatchObject({ speaker, rule: 'subject' });
  });

  it('does not apply past a relative clause', () => {
    expect(last('Okafor met Bello, who called it “a disaster”.')).toEqual({
      quote: 'a disaster',
      kind: 'word',
    });
  });

  it('does not apply past another name with its own verb', () => {
    expect(last('Okafor said Bello called it “a mess”.')).toEqual({
      quote: 'a mess',
      kind: 'word',
    });
    expect(last('Okafor said that Bello was “tired”.')).not.toHaveProperty('speaker');
  });

  it('never applies to a so-called “…”', () => {
    expect(last('Okafor criticized the so-called “peace plan”.')).not.toHaveProperty('speaker');
    expect(last('Okafor criticized the so‑called “peace plan”.')).not.toHaveProperty('speaker');
  });

  it('leaves a survey’s phrase, a scare quote and an unnamed subject unattributed', () => {
    for (const text of [
      'A survey found voters felt the economy was “on the wrong track”.',
      'Ukraine suffered “catastrophic” losses.',
      'Critics called it “a farce”.',
      'Okafor’s aide called it “a farce”.',
      'Okafor did not call it “a farce”.',
      'Okafor denied calling it “a farce”.',
      'Okafor rejected claims that the vote was “rigged”.',
      'Okafor was described as “a liar”.',
    ])
      expect(last(text), text).not.toHaveProperty('speaker');
  });
});

describe('names', () => {
  it('resolve a surname to the one full name used earlier in the story', () => {
    expect(last('Ada Okafor arrived.', '“We are ready,” Okafor said.').speaker).toBe('Ada Okafor');
    expect(last('President Donald Trump arrived. President Trump said: “Great.”').speaker).toBe(
      'Donald Trump',
    );
  });

  it('keep an ambiguous surname as written', () => {
    expect(last('Ada Okafor met Chidi Okafor in Lagos. “We are ready,” Okafor said.').speaker).toBe(
      'Okafor',
    );
  });

  it('do not resolve a surname to a full name used only later', () => {
    expect(story('“A,” Okafor said.', 'Ada Okafor left.')[0]?.speaker).toBe('Okafor');
  });

  it('keep particles inside a name', () => {
    expect(last('“No,” said Ursula von der Leyen.').speaker).toBe('Ursula von der Leyen');
  });

  it('are not a lone first word of a sentence that the story also writes in lower case', () => {
    expect(last('Will said: “Yes.”', 'We will see.')).not.toHaveProperty('speaker');
    expect(last('Will said: “Yes.”')).toMatchObject({ speaker: 'Will' });
    expect(last('“Yes,” Will said.', 'We will see.')).toMatchObject({ speaker: 'Will' });
  });

  it('never start with a group noun', () => {
    expect(last('Officials said: “No.”')).not.toHaveProperty('speaker');
    expect(last('Police Ada Okafor said: “No.”')).toMatchObject({ speaker: 'Ada Okafor' });
  });
});

describe('kind', () => {
  it('calls a quotation of at most four words, without closing punctuation, a word', () => {
    expect(story('It was “on the wrong track” and “wrong”.').map(({ kind }) => kind)).toEqual([
      'word',
      'word',
    ]);
  });

  it('calls longer quotations and ones ending in punctuation statements', () => {
    expect(
      story('It was “on the very wrong track” and “wrong.” And “wrong,” “wrong…” “wrong?”').map(
        ({ kind }) => kind,
      ),
    ).toEqual(['statement', 'statement', 'statement', 'statement', 'statement']);
  });
});

describe('robustness', () => {
  it('returns one attribution per span, in the shape of the spans, for any spans', () => {
    const paragraphs = [{ text: '“A,” Okafor said.', sectionStart: true }];
    const spans = [
      [
        { open: 0, close: 3 },
        { open: 1, close: 2 }, // overlaps the first
        { open: 5, close: 500 }, // past the end
        { open: -1, close: 2 },
        { open: 0.5, close: 2 },
      ],
      [{ open: 0, close: 1 }], // no paragraph
      [],
    ];
    const result = attributeQuotations(paragraphs, spans);
    expect(result.map((list) => list.length)).toEqual([5, 1, 0]);
    expect(result[0]![0]).toEqual({ speaker: 'Okafor', rule: 'said', kind: 'statement' });
    expect(result[0]!.slice(1).every((attribution) => attribution.speaker === undefined)).toBe(
      true,
    );
  });

  it('reads a 2,000-quotation paragraph in well under a second', () => {
    const text = `Ada Okafor arrived. ${'“A,” Okafor said. “B.” he said. '.repeat(700)}Okafor called it ${'“a farce”, '.repeat(600)}and left.`;
    const spans = [spansOf(text)];
    expect(spans[0]).toHaveLength(2000);
    const started = performance.now();
    const result = attributeQuotations([{ text, sectionStart: true }], spans);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result[0]?.at(-1)).toEqual({ speaker: 'Ada Okafor', rule: 'subject', kind: 'word' });
  });
});

describe('properties', () => {
  /** Every speaker is the text's own words: a run of capitalised words in some paragraph. */
  function expectTextsOwnSpeakers(paragraphs: ParagraphInput[], result: Attribution[][]) {
    for (const attribution of result.flat()) {
      const { speaker } = attribution;
      if (speaker === undefined) continue;
      expect(
        paragraphs.some(({ text }) => text.includes(speaker)),
        speaker,
      ).toBe(true);
      for (const word of speaker.split(/\s+/u))
        expect(word, speaker).toMatch(
          /^(?:[\p{Lu}\p{Lt}]|(?:de|van|von|da|bin|al|le|la|del|di|du|der|den|dos|das|ibn)$)/u,
        );
      expect(speaker).not.toMatch(/['’]s$/u);
      expect(speaker).not.toMatch(/^(?:He|She|They|The|President|Critics|Said)\b/u);
    }
  }

  const scanned = (texts: string[]) =>
    texts.map((text) => findQuotations([{ text, follows: false }]).parts[0]!);

  it('never throw, and every speaker occurs in the text, for arbitrary strings and spans', () => {
    const fragment = fc.constantFrom(
      '“',
      '”',
      '«',
      '»',
      ' ',
      ', ',
      '. ',
      ': ',
      'said',
      'he',
      'Okafor',
      'Ada',
      'Mr',
      'The',
      '’s',
      'according to',
      'who',
      'so-called',
      'Иван',
      'called it',
    );
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')),
    );
    const span = fc.record({
      open: fc.integer({ min: -2, max: 70 }),
      close: fc.integer({ min: -2, max: 70 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.record({ text, sectionStart: fc.boolean() }), { maxLength: 4 }),
        fc.array(fc.array(span, { maxLength: 4 }), { maxLength: 5 }),
        fc.boolean(),
        (paragraphs, randomSpans, useScan) => {
          const spans = useScan ? scanned(paragraphs.map(({ text }) => text)) : randomSpans;
          const result = attributeQuotations(paragraphs, spans);
          expect(result.map((list) => list.length)).toEqual(spans.map((list) => list.length));
          expectTextsOwnSpeakers(paragraphs, result);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('give only the text’s own names, in sentences built of names, verbs, pronouns and quotations', () => {
    const piece = fc.constantFrom(
      'Ada Okafor',
      'Okafor',
      'Chidi Bello',
      'Bello',
      'President Volodymyr Zelenskyy',
      'Zelenskyy’s',
      'Иван Петров',
      'Mr Okafor',
      'the Foreign Office',
      'the US',
      'Critics',
      'critics',
      'A survey',
      'said',
      'said:',
      'told reporters',
      'added',
      'asked',
      'called it',
      'has criticized',
      'met',
      'wrote',
      'he',
      'she',
      'they',
      'He',
      'She',
      'who',
      'which',
      'so-called',
      'according to',
      'calling him',
      'on Tuesday',
      'in Kyiv',
      'and',
      ',',
      '.',
      '“We are ready,”',
      '“a farce”',
      '«Мы готовы»',
      '“It is over.”',
      '“Why?”',
    );
    const sentence = fc
      .array(piece, { minLength: 1, maxLength: 12 })
      .map((parts) => parts.join(' '));
    const paragraph = fc
      .array(sentence, { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join(' '));
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: paragraph, sectionStart: fc.boolean() }), { maxLength: 5 }),
        (paragraphs) => {
          const result = attributeQuotations(
            paragraphs,
            scanned(paragraphs.map(({ text }) => text)),
          );
          expectTextsOwnSpeakers(paragraphs, result);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
