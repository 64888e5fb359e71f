/**
 * Who spoke each quotation, as the published text itself says. Attribution follows the text's
 * own words and never guesses: a wrong speaker is worse than none, so every doubt leaves a
 * quotation unattributed. Rules, in order of precedence, for each quotation:
 *
 * 1. Explicit ('said', 'according-to'): a reporting verb next to the quotation, in its sentence.
 *    After the closing mark: “…,” X said / X told reporters / X, the minister, said /
 *    the minister, X, said / said X / according to X. Before the opening mark: X said: “…” /
 *    X told the BBC on Tuesday: “…” / X said “…” / According to X, “…”. Verbs: SAID_VERBS.
 *    Attribution to nobody named (“…,” critics said) leaves the quotation unattributed.
 * 2. Pronoun ('pronoun'): he/she/they with one of those verbs (he said, said he, she told…) is
 *    the last person named as a speaker earlier in the paragraph, else the last one in the
 *    previous paragraph if no heading comes between. He/she never stand for an acronym (US) or
 *    an institution (the Foreign Office). Named as a speaker: a name found by rule 1, with or
 *    without a quotation, or the named subject of a sentence whose main verb is in
 *    REPORTING_VERBS. A pronoun subject (He clarified…) keeps the current referent.
 * 3. Continuation ('continuation'): a quotation that opens a sentence, with no attribution of its
 *    own, right after a sentence holding a quotation attributed to X, with no other name from
 *    there to the end of its own sentence (a place after in/at aside), is X's. Across paragraphs
 *    only when the paragraph opens with the quotation and the previous one, with no heading
 *    between, ended on X's quotation (nobody else named after it).
 * 4. Subject ('subject'): a quotation in a sentence whose subject (its first words, after an
 *    opening phrase up to a comma) is a name, when its main verb is in REPORTING_VERBS or a
 *    reporting participle (calling, describing…) comes before the quotation. Not once another
 *    clause with its own subject has started (who/whom/whose/which, or another name followed by
 *    a verb) or someone else's words come in (claims that…), not after "denied", and never for
 *    a so-called “…”.
 * 5. Otherwise unattributed.
 *
 * Names are runs of capitalised words (any script), with particles (de, van, von…) between. The
 * name is the run after its last possessive and its last title (unless it names an institution:
 * Foreign Office), without leading sentence-starter words or acronyms (unless only acronyms are
 * left) and without a trailing possessive. A sentence's first word alone is no name when the
 * story uses it in lower case too, and group nouns (Critics, Officials) never are. A one-word
 * name is the one full name used earlier in the story that ends with it (Okafor → Ada Okafor);
 * with two, or none, it stays as written. Every speaker is a slice of the paragraph texts.
 *
 * A paragraph is read in linear time (bar sorting its speakers): every rule looks at a bounded
 * window of tokens or at state carried along in reading order, so 2,000 quotations take
 * milliseconds.
 */
/** A quotation in a paragraph: the offsets of its opening and closing marks. */
export interface QuotationSpan {
  open: number;
  close: number;
}

export interface ParagraphInput {
  text: string;
  /** True for the first paragraph after a section heading: the pronoun rule never looks back across a heading. */
  sectionStart: boolean;
}

export type AttributionRule = 'said' | 'according-to' | 'pronoun' | 'continuation' | 'subject';

export interface Attribution {
  /** Who the text itself says spoke the quotation; undefined when the text names nobody. */
  speaker?: string;
  rule?: AttributionRule;
  /** 'word' for a quoted word or short phrase (at most four words, not ending in . , ! ? ; : or …), else 'statement'. */
  kind: 'statement' | 'word';
}

const wordSet = (list: string) => new Set(list.split(/\s+/u).filter(Boolean));

/** Rule 1 verbs: the house style's ten (in both tenses), and a few that only report speech. */
const SAID_VERBS = wordSet(`
  said says told tells added adds asked asks wrote writes
  replied replies explained explains insisted insists warned warns declared declares
  recalled recalls stated`);

/** A main verb that makes its named subject a speaker, and lets rule 4 attribute quotations. */
const REPORTING_VERBS = new Set([
  ...SAID_VERBS,
  ...wordSet(`
  called calls described describes rejected rejects denied denies argued argues claimed claims
  clarified clarifies responded responds urged urges confirmed confirms reported reports
  announced announces emphasized emphasizes emphasised emphasises criticized criticizes
  criticised criticises dismissed dismisses accused accuses noted suggested suggests
  acknowledged acknowledges admitted admits stressed stresses tweeted posted labelled labeled
  branded dubbed termed praised vowed pledged promised predicted revealed repeated testified
  conceded countered complained demanded questioned condemned condemns hailed blamed mocked
  joked requested requests spoke speaks`),
]);

/** "Trump attacked Zelenskyy, calling him a “dictator”": the participle reports the words. */
const REPORTING_PARTICIPLES = wordSet(`
  calling describing saying dubbing labelling labeling branding terming telling warning adding
  insisting urging accusing criticizing criticising dismissing arguing claiming noting
  stressing declaring writing denouncing praising mocking`);

/**
 * Rule 4 never gives a quotation to a subject who denies it (Okafor denied calling it “a
 * farce”), nor past a word that brings in someone else's (rejected claims that he was “corrupt”).
 */
const DENIALS = wordSet('denied denies');
const HEARSAY = wordSet(`
  claim claims allegation allegations accusation accusations suggestion suggestions assertion
  assertions rumour rumours rumor rumors`);

/** Past tenses that do not end in -ed, so a subject can be found before them. */
const IRREGULAR_PAST = wordSet(`
  spoke thought felt made gave took put kept saw knew found sent met brought began became won
  lost held led left paid sought chose drew threw meant heard ran stood understood fought built
  bought caught taught struck swore rose fell got went came agreed freed`);

/** Verbs after which a subject is no speaker: passive (was asked), future, negated (did not). */
const BE_AND_MODALS = wordSet(
  'is was are were will would can could shall should may might must does did',
);

/** Words allowed between a subject and its verb (has said, also told, later wrote). */
const AUX_ADVERBS = wordSet(`
  has have had also later then again once now previously recently repeatedly reportedly
  earlier already publicly openly initially subsequently separately similarly too privately
  first often frequently even ultimately finally personally directly quickly immediately`);

/** Lowercase words ending in -ed or -s that are not verbs. */
const NOT_VERBS = wordSet(`
  hundred sacred naked wicked rugged kindred beloved always perhaps sometimes afterwards
  towards whereas besides nevertheless news series species`);

/** A name after one of these is an object ("officials in Moscow said"), not a subject. */
const PREPOSITIONS = wordSet(`
  of in on at to for from with by about near into onto over under between among against across
  after before during since until without within through toward towards behind beside via per
  despite amid around along beyond upon following including regarding like unlike`);

/** A name after these is a place: "said in Kyiv" names no one else who may be speaking. */
const PLACE_PREPOSITIONS = wordSet('in at');

/** "Bello and Okafor said": Okafor is half a subject, so not the speaker. */
const COORDINATORS = wordSet('and or nor');

/** Words that start a clause: a sentence's subject comes before them. */
const CONJUNCTIONS = wordSet(`
  and or but nor than as while whereas although though because if when where whether that`);

const RELATIVES = wordSet('who whom whose which');
const PRONOUNS = wordSet('he she they');
const DETERMINERS = wordSet('the a an');

/** Sentence openers whose phrase runs to the first comma ("After Bello left, Okafor said"). */
const OPENING_PHRASES = wordSet(`
  After Before While When Whereas Although Though Because Since Until If As Despite In On At
  For From With Without During Under Over Amid Among Following Speaking Asked Responding
  Writing Unlike Like`);

/** Titles: the name starts after the last one (Russian Deputy Foreign Minister Sergei Ryabkov). */
const TITLES = wordSet(`
  President Vice Prime Minister Secretary Deputy Foreign Treasury State Defence Defense Finance
  Interior Mr Mrs Ms Mx Dr Prof Professor Sir Dame Senator Sen Governor Gov Mayor General Gen
  Attorney Chancellor Ambassador Envoy Spokesperson Spokesman Spokeswoman Chief Director
  Commissioner Rep Representative Congressman Congresswoman Premier Pope Rev Reverend Colonel Col
  Captain Capt Lieutenant Lt Sergeant Sgt Admiral Affairs Speaker Secretary-General Councillor
  Councilor Councilmember Councilwoman Councilman Alderman Alderwoman Manager Chair Chairman
  Chairwoman Judge Justice Inspector Superintendent Detective Commander Constable`);

/**
 * A run ending in one of these, or with one before "of", names an institution, titles and all
 * (the Foreign Office, the Ministry of Defence).
 */
const INSTITUTIONS = wordSet(`
  Office Ministry Department Council Committee Commission Party Government Court House Agency
  Service Services Force Forces Army Navy Bank Union Organization Organisation Administration
  Parliament Senate Congress Assembly Cabinet Embassy Police University Institute Foundation`);

const WEEKDAYS = wordSet('Monday Tuesday Wednesday Thursday Friday Saturday Sunday');

/** Capitalised words that start a sentence or a phrase but never a name. */
const STARTERS = new Set([
  ...WEEKDAYS,
  ...wordSet(`
  The A An Then But And Or So Yet However Meanwhile Later Earlier On In At By For From To Of
  With Without After Before During Since Until While When Whereas Where Why How What Who Whom
  Whose Which If As Although Though Because Despite Unlike Like Under Over Among Amid Between
  Against Also Still Now Today Tonight Yesterday Tomorrow Last Next This That These Those There
  Here It Its He She They We I You His Her Hers Their Theirs Them Him Our Us My Your Some Many
  Most All Both Each Every Any No Not None Several Such Other Others Another Initially Recently
  Finally Instead Indeed Moreover Furthermore Nevertheless Nonetheless Overall Asked Speaking
  According Following Yes
  January February March April May June July August September October November December`),
]);

/** Lowercase particles inside a name (Ursula von der Leyen, Luiz Inácio Lula da Silva). */
const PARTICLES = wordSet('de van von da bin al le la del di du der den dos das ibn');

/** People spoken of as a group: never a named speaker, even capitalised at a sentence start. */
const GROUP_NOUNS = wordSet(`
  critics officials analysts experts observers residents witnesses police protesters
  demonstrators voters sources lawmakers legislators diplomats aides investigators authorities
  prosecutors doctors scientists researchers people supporters opponents leaders ministers
  members workers activists campaigners officers soldiers troops locals economists commentators
  insiders reports polls surveys studies spokesperson spokesman spokeswoman spokespeople staff
  employees executives organisers organizers families relatives neighbours neighbors parents
  students teachers citizens`);

/** “Stop.” Okafor said nothing. is a new sentence about the quotation, not its attribution. */
const NOTHING = wordSet('nothing little no none never not');

const TERMINAL = new Set(['.', '!', '?', '…']);
const CLOSING = new Set([')', ']', '"', '’', "'"]);

interface Token {
  kind: 'word' | 'punct' | 'quote';
  text: string;
  lower: string;
  start: number;
  end: number;
  /** Quotation tokens: the span's index in the caller's list for this paragraph. */
  span: number;
  /** Quotation tokens: the quoted words end with . ! ? or …, so the sentence may end here. */
  terminal: boolean;
}

interface Name {
  /** The name as written (a slice of the paragraph), without a trailing possessive. */
  text: string;
  lastWord: string;
  words: number;
  possessive: boolean;
  /** Not an acronym (US) or an institution (Foreign Office): he or she may stand for it. */
  personLike: boolean;
  /** Offset of the name in its paragraph. */
  offset: number;
  /** Position in the whole story, for "a full name used earlier". */
  at: number;
}

/** A run of capitalised words and the name in it, if there is one. */
interface Run {
  first: number;
  last: number;
  name?: Name;
}

interface Sentence {
  first: number;
  last: number;
}

interface Paragraph {
  text: string;
  sectionStart: boolean;
  /** Offset of the paragraph in the story (paragraphs joined with one separator). */
  base: number;
  tokens: Token[];
  runOf: (Run | undefined)[];
  sentences: Sentence[];
  sentenceOf: number[];
}

interface FullName {
  text: string;
  at: number;
}

interface Story {
  paragraphs: Paragraph[];
  /** Every word the story writes in lower case: "Will" opening a sentence is then no name. */
  lowercase: Set<string>;
  /** Last word → the first two different full names ending with it, in story order. */
  fullNames: Map<string, FullName[]>;
}

type Explicit =
  | { type: 'named'; name: Name; rule: 'said' | 'according-to' }
  | { type: 'pronoun'; pronoun: string }
  | { type: 'unnamed' };

const UNNAMED: Explicit = { type: 'unnamed' };

interface Subject {
  name: Name;
  verb: number;
}

interface SpeakerEvent {
  offset: number;
  speaker: string;
  personLike: boolean;
}

interface Attributed {
  token: number;
  speaker: string;
}

/** What a paragraph passes on to the next one. */
interface Carry {
  lastSpeaker?: SpeakerEvent;
  /** The speaker of the quotation the paragraph ended on, if nobody else is named after it. */
  endingSpeaker?: string;
}

// ---------------------------------------------------------------------------------------------
// Words

const isPastTense = (word: string) =>
  /^\p{Ll}{2,}ed$/u.test(word) && !word.endsWith('eed') && !NOT_VERBS.has(word);

/** A verb a subject can have: reporting, past tense, a form of be or a modal. */
const isVerb = (word: string) =>
  REPORTING_VERBS.has(word) ||
  IRREGULAR_PAST.has(word) ||
  BE_AND_MODALS.has(word) ||
  isPastTense(word);

/** Generous, for stopping: anything that may be a verb, including present tenses in -s. */
const isVerbLike = (word: string) =>
  isVerb(word) ||
  AUX_ADVERBS.has(word) ||
  (/^\p{Ll}{3,}s$/u.test(word) && !/(?:ss|us|is)$/u.test(word) && !NOT_VERBS.has(word));

const isSaidVerb = (word: string) => SAID_VERBS.has(word);

const POSSESSIVE = /['’]s$/u;

/** The word without a possessive 's or an abbreviation's full stop, for the word lists. */
const bare = (word: string) => word.replace(POSSESSIVE, '').replace(/\.$/u, '');

const isAcronym = (word: string) => /^(?:\p{Lu}{2,}s?|(?:\p{Lu}\.){2,})$/u.test(bare(word));

const isCapitalised = (token: Token | undefined) =>
  token?.kind === 'word' &&
  (/^[\p{Lu}\p{Lt}]/u.test(token.text) || /^(?:al|el|ad|bin|ibn|abu)-\p{Lu}/u.test(token.text));

const isTitleOrBody = (token: Token | undefined) =>
  token !== undefined && (TITLES.has(bare(token.text)) || INSTITUTIONS.has(bare(token.text)));

const isLowercaseWord = (token: Token | undefined): token is Token =>
  token?.kind === 'word' && /^\p{Ll}/u.test(token.text);

const isWordIn = (token: Token | undefined, set: Set<string>) =>
  token?.kind === 'word' && set.has(token.lower);

const isPunctIn = (token: Token | undefined, marks: string) =>
  token?.kind === 'punct' && marks.includes(token.text);

// ---------------------------------------------------------------------------------------------
// Tokens, runs and sentences

/**
 * Words (with abbreviations such as Mr. and initials such as U.S. or F. kept whole, so their
 * full stops end no sentence), or single marks.
 */
const TOKEN =
  /((?:Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Jr|Sr|St)\.(?=\s)|(?:\p{Lu}\.){2,}|\p{Lu}\.(?=\s+\p{Lu})|[\p{L}\p{M}\p{N}]+(?:['’\-‐‑][\p{L}\p{M}\p{N}]+)*)|(\S)/gu;

/** The caller's spans this module can read: in the text, in order, not overlapping. */
function usableSpans(text: string, spans: readonly QuotationSpan[]): number[] {
  const usable = spans
    .map((span, index) => ({ span, index }))
    .filter(
      ({ span }) =>
        Number.isInteger(span.open) &&
        Number.isInteger(span.close) &&
        span.open >= 0 &&
        span.open < span.close &&
        span.close < text.length,
    )
    .sort((a, b) => a.span.open - b.span.open);
  const kept: number[] = [];
  let end = -1;
  for (const { span, index } of usable) {
    if (span.open <= end) continue;
    kept.push(index);
    end = span.close;
  }
  return kept;
}

/** Whether the quoted words end a sentence, ignoring trailing spaces and closing brackets. */
function endsWithStop(text: string, open: number, close: number): boolean {
  // A loop, not a regex: /[\s)]+$/ backtracks quadratically over a long run of spaces.
  for (let i = close - 1; i > open; i--) {
    const char = text.charAt(i);
    if (/\s/u.test(char) || CLOSING.has(char)) continue;
    return TERMINAL.has(char);
  }
  return false;
}

function addWords(tokens: Token[], text: string, from: number, to: number): void {
  for (const match of text.slice(from, to).matchAll(TOKEN)) {
    const start = from + match.index;
    const value = match[0];
    tokens.push({
      kind: match[1] === undefined ? 'punct' : 'word',
      text: value,
      lower: value.toLowerCase(),
      start,
      end: start + value.length,
      span: -1,
      terminal: false,
    });
  }
}

/** Words and marks outside the quotations, and each quotation as one token. */
function tokenize(text: string, spans: readonly QuotationSpan[]): Token[] {
  const tokens: Token[] = [];
  let from = 0;
  for (const index of usableSpans(text, spans)) {
    const span = spans[index]!;
    addWords(tokens, text, from, span.open);
    tokens.push({
      kind: 'quote',
      text: '',
      lower: '',
      start: span.open,
      end: span.close + 1,
      span: index,
      terminal: endsWithStop(text, span.open, span.close),
    });
    from = span.close + 1;
  }
  addWords(tokens, text, from, text.length);
  return tokens;
}

/** Runs of capitalised words, with lowercase particles allowed between two of them. */
function findRuns(tokens: readonly Token[]): (Run | undefined)[] {
  const runOf: (Run | undefined)[] = new Array<Run | undefined>(tokens.length);
  let i = 0;
  while (i < tokens.length) {
    if (!isCapitalised(tokens[i])) {
      i++;
      continue;
    }
    let last = i;
    let j = i + 1;
    while (j < tokens.length) {
      const token = tokens[j];
      if (isCapitalised(token)) last = j;
      // "Secretary of State Marco Rubio", "Ministry of Defence": "of" joins a run only after
      // a title or an institution, so "Okafor of Nigeria" stays two names.
      else if (
        !isWordIn(token, PARTICLES) &&
        !(token?.text === 'of' && isTitleOrBody(tokens[j - 1]))
      )
        break;
      j++;
    }
    const run: Run = { first: i, last };
    runOf.fill(run, i, last + 1);
    i = last + 1;
  }
  return runOf;
}

const runStartingAt = (p: Paragraph, i: number, last: number) => {
  const run = p.runOf[i];
  return run !== undefined && run.first === i && i <= last ? run : undefined;
};

const runEndingAt = (p: Paragraph, i: number, first: number) => {
  const run = p.runOf[i];
  return run !== undefined && run.last === i && i >= first ? run : undefined;
};

const sentenceOfToken = (p: Paragraph, i: number): Sentence =>
  p.sentences[p.sentenceOf[i] ?? 0] ?? { first: 0, last: p.tokens.length - 1 };

const opensSentence = (token: Token) =>
  token.kind === 'quote' || (token.kind === 'word' && /^[\p{Lu}\p{Lt}\p{N}]/u.test(token.text));

/**
 * “Why?” Okafor asked. is one sentence: after a quotation that ends with a stop, a name and a
 * rule-1 verb closing the sentence (bar a few words: on Tuesday) are its attribution.
 */
function attributionFollows(story: Story, p: Paragraph, quote: number): boolean {
  const run = runStartingAt(p, quote + 1, p.tokens.length - 1);
  const name = run && extractName(story, p, run, true);
  if (!run || !name || name.possessive) return false;
  const verb = verbAfter(p, run.last, p.tokens.length - 1, isSaidVerb);
  if (verb === undefined) return false;
  for (let j = verb + 1, words = 0; ; j++) {
    const token = p.tokens[j];
    if (token === undefined) return true;
    if (token.kind === 'punct') return TERMINAL.has(token.text) || token.text === ',';
    if (token.kind === 'quote' || NOTHING.has(token.lower) || ++words > 3) return false;
  }
}

function endsSentence(story: Story, p: Paragraph, i: number): boolean {
  const token = p.tokens[i];
  const next = p.tokens[i + 1];
  if (token === undefined) return false;
  if (token.kind === 'quote')
    return (
      token.terminal &&
      (next === undefined || (opensSentence(next) && !attributionFollows(story, p, i)))
    );
  const previous = p.tokens[i - 1];
  const stop =
    isPunctIn(token, '.!?…') ||
    (CLOSING.has(token.text) && token.kind === 'punct' && isPunctIn(previous, '.!?…'));
  if (!stop) return false;
  // The sentence goes on to the last of a run of stops and closing marks: ?! or .)
  if (next?.kind === 'punct' && (TERMINAL.has(next.text) || CLOSING.has(next.text))) return false;
  return next === undefined || opensSentence(next);
}

function splitSentences(story: Story, p: Paragraph): void {
  let first = 0;
  for (let i = 0; i < p.tokens.length; i++) {
    if (!endsSentence(story, p, i)) continue;
    p.sentences.push({ first, last: i });
    first = i + 1;
  }
  if (first < p.tokens.length) p.sentences.push({ first, last: p.tokens.length - 1 });
  p.sentences.forEach((sentence, index) =>
    p.sentenceOf.fill(index, sentence.first, sentence.last + 1),
  );
}

// ---------------------------------------------------------------------------------------------
// Names

/**
 * The name in a run, if any. `initial`: the run opens its sentence, so a lone first word may be
 * capitalised only for that reason.
 */
function extractName(story: Story, p: Paragraph, run: Run, initial: boolean): Name | undefined {
  const tokens = p.tokens;
  const word = (i: number) => bare(tokens[i]?.text ?? '');
  let end = run.last;
  let possessive = POSSESSIVE.test(tokens[end]?.text ?? '');
  let start = run.first;
  for (let i = run.first; i < end; i++) if (POSSESSIVE.test(tokens[i]?.text ?? '')) start = i + 1;
  let institution = INSTITUTIONS.has(word(end));
  for (let i = start; i < end; i++)
    if (tokens[i + 1]?.text === 'of' && INSTITUTIONS.has(word(i))) institution = true;
  if (!institution) for (let i = start; i <= end; i++) if (TITLES.has(word(i))) start = i + 1;
  let acronyms = 0;
  for (let i = start; i <= end; i++) if (isAcronym(word(i))) acronyms++;
  while (start <= end) {
    const w = word(start);
    const allAcronyms = acronyms === end - start + 1;
    const drop =
      STARTERS.has(w) ||
      /^\p{Ll}/u.test(w) ||
      GROUP_NOUNS.has(w.toLowerCase()) ||
      (!institution && TITLES.has(w)) ||
      (isAcronym(w) && !allAcronyms);
    if (!drop) break;
    if (isAcronym(w)) acronyms--;
    start++;
  }
  // "said Okafor Tuesday"
  while (end > start && WEEKDAYS.has(word(end))) {
    end--;
    possessive = false;
  }
  const firstToken = tokens[start];
  const lastToken = tokens[end];
  if (start > end || firstToken === undefined || lastToken === undefined) return undefined;
  const words = end - start + 1;
  const single = word(start);
  if (words === 1 && GROUP_NOUNS.has(single.toLowerCase())) return undefined;
  if (words === 1 && initial && start === run.first && story.lowercase.has(single.toLowerCase()))
    return undefined;
  const stop = possessive ? lastToken.end - 2 : lastToken.end;
  const offset = firstToken.start;
  return {
    text: p.text.slice(offset, stop),
    lastWord: word(end),
    words,
    possessive,
    personLike: !institution && acronyms < words,
    offset,
    at: p.base + offset,
  };
}

function nameRuns(story: Story, p: Paragraph): void {
  let previous: Run | undefined;
  for (const run of p.runOf) {
    if (run === undefined || run === previous) continue;
    previous = run;
    run.name = extractName(story, p, run, sentenceOfToken(p, run.first).first === run.first);
    if (run.name) rememberFullName(story, run.name);
  }
}

function rememberFullName(story: Story, name: Name): void {
  if (name.words < 2) return;
  const known = story.fullNames.get(name.lastWord) ?? [];
  // Two different full names are enough to call a surname ambiguous.
  if (known.length >= 2 || known.some((full) => full.text === name.text)) return;
  known.push({ text: name.text, at: name.at });
  story.fullNames.set(name.lastWord, known);
}

/** A one-word name as the one full name used earlier in the story that ends with it. */
function resolveName(story: Story, name: Name): string {
  if (name.words >= 2) return name.text;
  const earlier = (story.fullNames.get(name.lastWord) ?? []).filter((full) => full.at < name.at);
  return earlier.length === 1 && earlier[0] ? earlier[0].text : name.text;
}

// ---------------------------------------------------------------------------------------------
// Clause patterns

/** The verb after a subject ending at token `end`, past has/also/later…, if `accepts` it. */
function verbAfter(
  p: Paragraph,
  end: number,
  last: number,
  accepts: (word: string) => boolean,
): number | undefined {
  let j = end + 1;
  for (let skipped = 0; j <= last && skipped < 3 && isWordIn(p.tokens[j], AUX_ADVERBS); skipped++)
    j++;
  const token = p.tokens[j];
  return j <= last && isLowercaseWord(token) && accepts(token.lower) ? j : undefined;
}

/**
 * A name here may be a subject: not the object of a preposition (officials in Moscow said), nor
 * half of a pair (Bello and Okafor said).
 */
const subjectPosition = (p: Paragraph, first: number) =>
  !isWordIn(p.tokens[first - 1], PREPOSITIONS) && !isWordIn(p.tokens[first - 1], COORDINATORS);

const usableName = (run: Run | undefined) =>
  run?.name !== undefined && !run.name.possessive ? run.name : undefined;

/** Nothing after a name that makes it part of a longer noun (said Okafor aides). */
function plainAfter(p: Paragraph, end: number, last: number): boolean {
  const next = p.tokens[end + 1];
  if (end + 1 > last || !isLowercaseWord(next)) return true;
  return PREPOSITIONS.has(next.lower) || RELATIVES.has(next.lower) || AUX_ADVERBS.has(next.lower);
}

/** The comma closing a phrase of at most `words` words that starts at `from`. */
function closingComma(p: Paragraph, from: number, last: number, words: number) {
  for (let i = from, count = 0; i <= last; i++) {
    const token = p.tokens[i];
    if (isPunctIn(token, ',')) return i;
    if (token?.kind !== 'word' || ++count > words) return undefined;
  }
  return undefined;
}

/** The speaker of a rule-1 verb at `verb`: X said, X, the minister, said, he said. */
function subjectBefore(p: Paragraph, verb: number, first: number): Explicit {
  let k = verb - 1;
  for (let skipped = 0; k >= first && skipped < 3 && isWordIn(p.tokens[k], AUX_ADVERBS); skipped++)
    k--;
  const token = k >= first ? p.tokens[k] : undefined;
  if (isWordIn(token, PRONOUNS)) return { type: 'pronoun', pronoun: token!.lower };
  const run = runEndingAt(p, k, first);
  if (run) {
    const name = usableName(run);
    return name && subjectPosition(p, run.first) ? { type: 'named', name, rule: 'said' } : UNNAMED;
  }
  // Trump’s envoy, Steve Witkoff, said
  const appositive = isPunctIn(token, ',') ? runEndingAt(p, k - 1, first) : undefined;
  const name = usableName(appositive);
  if (appositive && name && isPunctIn(p.tokens[appositive.first - 1], ','))
    return { type: 'named', name, rule: 'said' };
  return UNNAMED;
}

/** "according to X" starting at token `at`: X, or nobody named (according to a survey). */
function accordingTo(p: Paragraph, at: number, last: number): Explicit | undefined {
  if (p.tokens[at + 1]?.lower !== 'to') return undefined;
  let k = at + 2;
  if (isWordIn(p.tokens[k], DETERMINERS)) k++;
  const run = runStartingAt(p, k, last);
  const name = usableName(run);
  return run && name && plainAfter(p, run.last, last)
    ? { type: 'named', name, rule: 'according-to' }
    : UNNAMED;
}

/** "According to X," ending at token `end`, right before a quotation. */
function accordingBefore(p: Paragraph, end: number, first: number): Explicit | undefined {
  for (let i = end - 1; i >= Math.max(first, end - 5); i--) {
    const token = p.tokens[i];
    if (token?.kind !== 'word') return undefined;
    if (token.lower !== 'according') continue;
    return accordingTo(p, i, end);
  }
  return undefined;
}

/** Rule 1 after the closing mark, and the pronoun forms of it. */
function afterClose(p: Paragraph, quote: number): Explicit | undefined {
  const { last } = sentenceOfToken(p, quote);
  let j = quote + 1;
  if (isPunctIn(p.tokens[j], ',—–')) j++;
  const token = j <= last ? p.tokens[j] : undefined;
  if (token?.kind !== 'word') return undefined;
  if (token.lower === 'according') return accordingTo(p, j, last);
  if (PRONOUNS.has(token.lower))
    return verbAfter(p, j, last, isSaidVerb) === undefined
      ? undefined
      : { type: 'pronoun', pronoun: token.lower };
  if (SAID_VERBS.has(token.lower)) return inverted(p, j, last);
  const run = runStartingAt(p, j, last);
  const name = usableName(run);
  if (run && name) {
    if (verbAfter(p, run.last, last, isSaidVerb) !== undefined)
      return { type: 'named', name, rule: 'said' };
    // “…,” Ada Okafor, the finance minister, said
    const comma = isPunctIn(p.tokens[run.last + 1], ',')
      ? closingComma(p, run.last + 2, last, 6)
      : undefined;
    if (comma !== undefined && verbAfter(p, comma, last, isSaidVerb) !== undefined)
      return { type: 'named', name, rule: 'said' };
  }
  // “…,” Okafor’s spokesperson, Ada Bello, said
  const comma = closingComma(p, j, last, 5);
  const appositive = comma === undefined ? undefined : runStartingAt(p, comma + 1, last);
  const named = usableName(appositive);
  if (
    appositive &&
    named &&
    isPunctIn(p.tokens[appositive.last + 1], ',') &&
    verbAfter(p, appositive.last + 1, last, isSaidVerb) !== undefined
  )
    return { type: 'named', name: named, rule: 'said' };
  return saysSomeone(p, j, last) ? UNNAMED : undefined;
}

/** “…,” said X / said he / said the minister. */
function inverted(p: Paragraph, verb: number, last: number): Explicit {
  const next = verb + 1 <= last ? p.tokens[verb + 1] : undefined;
  if (isWordIn(next, PRONOUNS)) return { type: 'pronoun', pronoun: next!.lower };
  const run = runStartingAt(p, verb + 1, last);
  const name = usableName(run);
  return run && name && plainAfter(p, run.last, last)
    ? { type: 'named', name, rule: 'said' }
    : UNNAMED;
}

/** A rule-1 verb within a few words: “…,” critics said / the ministry told reporters. */
function saysSomeone(p: Paragraph, from: number, last: number): boolean {
  for (let i = from; i <= last && i < from + 6; i++) {
    const token = p.tokens[i];
    if (isWordIn(token, SAID_VERBS)) return true;
    if (token?.kind !== 'word' && !isPunctIn(token, ',')) return false;
  }
  return false;
}

/** Rule 1 before the opening mark: X said: “…” / X told the BBC: “…” / According to X, “…”. */
function beforeOpen(p: Paragraph, quote: number): Explicit | undefined {
  const { first } = sentenceOfToken(p, quote);
  let k = quote - 1;
  const punctuated = k >= first && isPunctIn(p.tokens[k], ':,—–');
  if (punctuated) k--;
  if (k < first) return undefined;
  if (punctuated) {
    const according = accordingBefore(p, k, first);
    if (according) return according;
  }
  // The verb comes right before the mark or, before a colon or comma, a few words earlier.
  const reach = punctuated ? 7 : 1;
  for (let i = k; i >= first && i > k - reach; i--) {
    const token = p.tokens[i];
    if (token?.kind !== 'word') return undefined;
    if (SAID_VERBS.has(token.lower)) return subjectBefore(p, i, first);
  }
  return undefined;
}

const explicitAttribution = (p: Paragraph, quote: number) =>
  afterClose(p, quote) ?? beforeOpen(p, quote);

/**
 * The sentence's subject, if it is a name followed by its verb: its first words, after an
 * opening phrase up to a comma (In Kyiv, / After Bello left,), possibly a role before it
 * (Trump’s envoy Steve Witkoff, the minister, Ada Okafor,).
 */
function findSubject(p: Paragraph, sentence: Sentence): Subject | undefined {
  let i = sentence.first;
  const opening = p.tokens[i];
  if (opening?.kind === 'word' && OPENING_PHRASES.has(opening.text)) {
    const comma = closingCommaAnyWords(p, i, Math.min(sentence.last, i + 15));
    if (comma === undefined) return undefined;
    i = comma + 1;
  }
  const limit = Math.min(sentence.last, i + 12);
  for (let lowercase = 0; i <= limit; i++) {
    const token = p.tokens[i];
    if (token === undefined || token.kind === 'quote') return undefined;
    if (token.kind === 'punct') {
      if (token.text === ',') continue;
      return undefined;
    }
    const run = p.runOf[i];
    if (run) {
      const name = usableName(run);
      const verb = name && verbOfSubject(p, run, sentence.last);
      if (name && verb !== undefined) return { name, verb };
      i = run.last;
      continue;
    }
    if (
      PREPOSITIONS.has(token.lower) ||
      CONJUNCTIONS.has(token.lower) ||
      RELATIVES.has(token.lower) ||
      isVerbLike(token.lower) ||
      ++lowercase > 3
    )
      return undefined;
  }
  return undefined;
}

/**
 * The verb of a name as a subject: Okafor said / the minister, Ada Okafor, said /
 * Okafor, speaking in Berlin, said.
 */
function verbOfSubject(p: Paragraph, run: Run, last: number): number | undefined {
  const direct = verbAfter(p, run.last, last, isVerb);
  if (direct !== undefined || !isPunctIn(p.tokens[run.last + 1], ',')) return direct;
  const between = isPunctIn(p.tokens[run.first - 1], ',')
    ? verbAfter(p, run.last + 1, last, isVerb)
    : undefined;
  if (between !== undefined) return between;
  const comma = closingComma(p, run.last + 2, last, 6);
  return comma === undefined ? undefined : verbAfter(p, comma, last, isVerb);
}

/** The first comma from `from` to `last`, across any words but no quotation. */
function closingCommaAnyWords(p: Paragraph, from: number, last: number): number | undefined {
  for (let i = from; i <= last; i++) {
    const token = p.tokens[i];
    if (token?.kind === 'quote') return undefined;
    if (isPunctIn(token, ',')) return i;
  }
  return undefined;
}

const isSoCalled = (p: Paragraph, quote: number) => {
  const before = p.tokens[quote - 1];
  return (
    /^so[-‐‑]called$/u.test(before?.lower ?? '') ||
    (before?.lower === 'called' && p.tokens[quote - 2]?.lower === 'so')
  );
};

/** Another name starting its own clause (Okafor said Bello called it): not the subject's words. */
function startsClause(story: Story, p: Paragraph, i: number, last: number, speaker: string) {
  const run = runStartingAt(p, i, last);
  const name = run?.name;
  if (!run || !name || resolveName(story, name) === speaker) return false;
  // "the Ukraine talks", "the mood in Kyiv was": a modifier or an object, not a subject.
  const before = p.tokens[run.first - 1];
  if (isWordIn(before, DETERMINERS) || isWordIn(before, PREPOSITIONS)) return false;
  const next = p.tokens[run.last + 1];
  return run.last + 1 <= last && isLowercaseWord(next) && isVerbLike(next.lower);
}

/** Rule 4: quotation token → the subject whose words it is. */
function subjectQuotations(
  story: Story,
  p: Paragraph,
  subjects: readonly (Subject | undefined)[],
): Map<number, Name> {
  const found = new Map<number, Name>();
  p.sentences.forEach((sentence, index) => {
    const subject = subjects[index];
    if (!subject) return;
    const speaker = resolveName(story, subject.name);
    const verb = p.tokens[subject.verb]?.lower ?? '';
    if (DENIALS.has(verb)) return;
    let reporting = REPORTING_VERBS.has(verb);
    for (let i = subject.verb + 1; i <= sentence.last; i++) {
      const token = p.tokens[i];
      if (token?.kind === 'quote') {
        if (reporting && !isSoCalled(p, i)) found.set(i, subject.name);
      } else if (token?.kind === 'word') {
        if (HEARSAY.has(token.lower) || RELATIVES.has(token.lower)) return;
        if (startsClause(story, p, i, sentence.last, speaker)) return;
        if (REPORTING_PARTICIPLES.has(token.lower)) reporting = true;
      }
    }
  });
  return found;
}

/** Everyone the paragraph names as a speaker, in reading order (for the pronoun rule). */
function speakerEvents(
  story: Story,
  p: Paragraph,
  subjects: readonly (Subject | undefined)[],
): SpeakerEvent[] {
  const events: SpeakerEvent[] = [];
  const add = (found: Explicit | undefined) => {
    if (found?.type !== 'named') return;
    const { name } = found;
    events.push({
      offset: name.offset,
      speaker: resolveName(story, name),
      personLike: name.personLike,
    });
  };
  p.tokens.forEach((token, i) => {
    const sentence = sentenceOfToken(p, i);
    if (token.kind === 'quote') add(afterClose(p, i));
    else if (SAID_VERBS.has(token.lower)) add(subjectBefore(p, i, sentence.first));
    else if (token.lower === 'according') add(accordingTo(p, i, sentence.last));
  });
  subjects.forEach((subject) => {
    if (subject && REPORTING_VERBS.has(p.tokens[subject.verb]?.lower ?? ''))
      add({ type: 'named', name: subject.name, rule: 'said' });
  });
  return events.sort((a, b) => a.offset - b.offset);
}

/** "said in Kyiv", "at the White House": a place, not someone else who may be speaking. */
function isPlace(p: Paragraph, run: Run): boolean {
  let before = run.first - 1;
  if (isWordIn(p.tokens[before], DETERMINERS)) before--;
  return !run.name?.possessive && isWordIn(p.tokens[before], PLACE_PREPOSITIONS);
}

/** Every name in tokens `from`…`to` is the speaker's, or a place. */
function onlyNamesOf(story: Story, p: Paragraph, from: number, to: number, speaker: string) {
  for (let i = from; i <= to; i++) {
    const run = p.runOf[i];
    if (!run?.name || run.first !== i || isPlace(p, run)) continue;
    if (resolveName(story, run.name) !== speaker) return false;
  }
  return true;
}

/** Rule 3: a quotation opening a sentence goes on with the previous sentence's speaker. */
function continuation(
  story: Story,
  p: Paragraph,
  quote: number,
  attributed: readonly (Attributed | undefined)[],
  carry: Carry,
): string | undefined {
  const index = p.sentenceOf[quote] ?? 0;
  const sentence = p.sentences[index];
  if (sentence === undefined || sentence.first !== quote) return undefined;
  let speaker: string | undefined;
  if (index > 0) {
    const before = attributed[index - 1];
    if (before && onlyNamesOf(story, p, before.token + 1, quote - 1, before.speaker))
      speaker = before.speaker;
  } else if (!p.sectionStart) {
    speaker = carry.endingSpeaker;
  }
  return speaker !== undefined && onlyNamesOf(story, p, quote + 1, sentence.last, speaker)
    ? speaker
    : undefined;
}

// ---------------------------------------------------------------------------------------------
// The story

function readStory(
  paragraphs: readonly ParagraphInput[],
  spans: readonly (readonly QuotationSpan[])[],
): Story {
  const story: Story = { paragraphs: [], lowercase: new Set(), fullNames: new Map() };
  let base = 0;
  spans.forEach((list, index) => {
    const input = paragraphs[index];
    const text = typeof input?.text === 'string' ? input.text : '';
    const tokens = tokenize(text, list);
    for (const token of tokens) if (isLowercaseWord(token)) story.lowercase.add(token.lower);
    story.paragraphs.push({
      text,
      sectionStart: input?.sectionStart === true,
      base,
      tokens,
      runOf: findRuns(tokens),
      sentences: [],
      sentenceOf: new Array<number>(tokens.length).fill(0),
    });
    base += text.length + 1;
  });
  // Names need the whole story's lowercase words, and full names are remembered in story order.
  for (const p of story.paragraphs) {
    splitSentences(story, p);
    nameRuns(story, p);
  }
  return story;
}

function kindOf(text: string, span: QuotationSpan): Attribution['kind'] {
  const quoted = text.slice(span.open + 1, span.close).trim();
  const words = quoted === '' ? 0 : quoted.split(/\s+/u).length;
  return words <= 4 && !/[.,!?;:…]$/u.test(quoted) ? 'word' : 'statement';
}

function attributeQuotation(
  story: Story,
  p: Paragraph,
  quote: number,
  context: {
    referent: SpeakerEvent | undefined;
    attributed: readonly (Attributed | undefined)[];
    carry: Carry;
    subjects: Map<number, Name>;
  },
): { speaker: string; rule: AttributionRule } | undefined {
  const explicit = explicitAttribution(p, quote);
  if (explicit?.type === 'named')
    return { speaker: resolveName(story, explicit.name), rule: explicit.rule };
  if (explicit?.type === 'pronoun') {
    const { referent } = context;
    if (!referent || (explicit.pronoun !== 'they' && !referent.personLike)) return undefined;
    return { speaker: referent.speaker, rule: 'pronoun' };
  }
  if (explicit) return undefined;
  const continued = continuation(story, p, quote, context.attributed, context.carry);
  if (continued !== undefined) return { speaker: continued, rule: 'continuation' };
  const subject = context.subjects.get(quote);
  return subject && { speaker: resolveName(story, subject), rule: 'subject' };
}

function attributeParagraph(
  story: Story,
  p: Paragraph,
  spans: readonly QuotationSpan[],
  carry: Carry,
): { attributions: Attribution[]; carry: Carry } {
  const attributions: Attribution[] = spans.map((span) => ({ kind: kindOf(p.text, span) }));
  const subjects = p.sentences.map((sentence) => findSubject(p, sentence));
  const events = speakerEvents(story, p, subjects);
  const subjectOf = subjectQuotations(story, p, subjects);
  const attributed: (Attributed | undefined)[] = new Array<Attributed | undefined>(
    p.sentences.length,
  );
  let seen = 0;
  p.tokens.forEach((token, i) => {
    if (token.kind !== 'quote') return;
    while (seen < events.length && events[seen]!.offset < token.start) seen++;
    const referent = seen > 0 ? events[seen - 1] : p.sectionStart ? undefined : carry.lastSpeaker;
    const found = attributeQuotation(story, p, i, {
      referent,
      attributed,
      carry,
      subjects: subjectOf,
    });
    if (!found) return;
    attributions[token.span] = { ...found, kind: attributions[token.span]!.kind };
    attributed[p.sentenceOf[i] ?? 0] = { token: i, speaker: found.speaker };
  });
  const ending = attributed[p.sentences.length - 1];
  return {
    attributions,
    carry: {
      lastSpeaker: events.at(-1),
      endingSpeaker:
        ending && onlyNamesOf(story, p, ending.token + 1, p.tokens.length - 1, ending.speaker)
          ? ending.speaker
          : undefined,
    },
  };
}

/** One Attribution per span, per paragraph, same shape as `spans`. Never throws. */
export function attributeQuotations(
  paragraphs: readonly ParagraphInput[],
  spans: readonly (readonly QuotationSpan[])[],
): Attribution[][] {
  const story = readStory(paragraphs, spans);
  let carry: Carry = {};
  return spans.map((list, index) => {
    const p = story.paragraphs[index]!;
    const result = attributeParagraph(story, p, list, carry);
    carry = result.carry;
    return result.attributions;
  });
}
