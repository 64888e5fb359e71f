/**
 * Quotations in published text: which marks open and close them, in the styles newsrooms use.
 *
 * - English “…”, with ‘…’ nested inside; a quotation over several paragraphs opens each one
 *   with “ and closes only in the last.
 * - French «…» (with or without spaces inside), German „…“ and »…«, Polish „…”, Swedish ”…”
 *   and »…»; single marks (‘…’, ‚…‘, ‹…›) only nested inside a double quotation, because ’ is
 *   also the apostrophe.
 * - The marks that serve as both (“ closes „ in German, » opens in German and closes in French,
 *   ” opens in Swedish, and the straight ") are read by what stands beside them: a mark after a
 *   letter and before a space or punctuation is closing-shaped, one after a space and before a
 *   letter opening-shaped; a straight one between two letters (ד"ר) is no quotation mark. Straight
 *   quotes that do not pair are not reported: " is also the inch and the Hebrew gershayim.
 *
 * Only the outermost pair of a nest is a quotation; what is nested inside stays its words.
 * A published page is never refused for its punctuation: marks that cannot be paired stay text,
 * that passage is not made a quotation, and the problem is reported with its offset.
 */

/** A paragraph's text, in reading order with the others of its story. */
export interface FlowText {
  text: string;
  /** Ranges whose marks are not quotation marks (code), as [from, to) offsets. */
  skip?: readonly (readonly [number, number])[];
  /**
   * The paragraph right after the previous text, in the same container: a quotation still
   * open at the end of that one may run on into this one.
   */
  follows: boolean;
}

export interface QuotationPart {
  /** Offset of the opening mark; a continued part's is the mark that opens its paragraph. */
  open: number;
  /** Offset of the closing mark, or the text's length when the quotation runs on. */
  close: number;
  /** The quotation this part belongs to, counted in reading order across all the texts. */
  quotation: number;
  /** Whether this part continues a quotation from the paragraph before. */
  continued: boolean;
}

export interface QuotationProblem {
  /** Index of the text it is in. */
  text: number;
  offset: number;
  message: string;
}

export interface QuotationScan {
  /** Each text's quotation parts, by opening offset. */
  parts: QuotationPart[][];
  problems: QuotationProblem[];
}

interface OpenerRule {
  /** The marks that close it. */
  closers: string;
  /** A single mark: it opens only inside a double quotation. */
  single?: boolean;
  /** An unpaired one is not reported: it has other uses. */
  quiet?: boolean;
  /** It is a closing mark elsewhere, so it opens only where it is not closing-shaped. */
  twoWay?: boolean;
  /** The marks that open the next paragraph when the quotation runs on into it. */
  runsOn?: string;
}

const OPENERS = new Map<string, OpenerRule>([
  ['“', { closers: '”', twoWay: true, runsOn: '“' }],
  ['„', { closers: '“”', runsOn: '„' }],
  ['«', { closers: '»', runsOn: '«»' }],
  ['»', { closers: '«»', twoWay: true, runsOn: '»' }],
  ['”', { closers: '”', twoWay: true, runsOn: '”' }],
  ['"', { closers: '"', twoWay: true, runsOn: '"', quiet: true }],
  ['‘', { closers: '’', single: true }],
  ['‚', { closers: '‘’', single: true }],
  ['‹', { closers: '›', single: true }],
  ['›', { closers: '‹›', single: true, twoWay: true }],
]);

/** Double marks that close a quotation: one that closes nothing is reported. */
const DOUBLE_CLOSERS = new Set(['”', '“', '»', '«']);

/** Every character the scan looks at; the rest of a text it passes over. */
const MARKS = new Set([...OPENERS.keys(), ...DOUBLE_CLOSERS, '’']);

/** What may follow a closing mark: the end, a space, punctuation or another mark. */
const AFTER_CLOSE = /^(?:$|[\s.,;:!?…)\]}\-–—/"“”‘’«»‹›„‚])/u;
/** What may stand before an opening mark: the start, a space, an opening bracket or mark. */
const BEFORE_OPEN = /^(?:$|[\s([{\-–—/“‘„‚«»‹›"])/u;
/** What follows an opening mark: a word, or another opening mark or bracket. */
const OPENS_ONTO = /[\p{L}\p{N}([“‘„‚«‹]/u;
const LETTER = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

interface Open {
  mark: string;
  at: number;
  rule: OpenerRule;
  parent: Open | undefined;
  /** Closed by its pair, or running on into the next paragraph: a quotation, if outermost. */
  paired: boolean;
  /** For the entry that opens a continued paragraph: the quotation it continues. */
  continues?: number;
}

interface Pair {
  open: Open;
  close: number;
}

function closingShaped(text: string, i: number): boolean {
  return i > 0 && !SPACE.test(text.charAt(i - 1)) && AFTER_CLOSE.test(text.slice(i + 1, i + 2));
}

function openingShaped(text: string, i: number): boolean {
  return BEFORE_OPEN.test(text.charAt(i - 1)) && OPENS_ONTO.test(text.charAt(i + 1));
}

function firstMark(text: string): { mark: string; at: number } | undefined {
  const at = text.search(/\S/u);
  return at === -1 ? undefined : { mark: text.charAt(at), at };
}

const unpaired = (mark: string) => `unmatched ${mark}: the quotation it opens is never closed`;

/**
 * The quotations of a story's paragraphs. Never throws: every problem is reported, and the
 * marks involved stay text.
 */
export function findQuotations(texts: readonly FlowText[]): QuotationScan {
  const parts: QuotationPart[][] = [];
  const problems: QuotationProblem[] = [];
  let quotations = 0;
  /** The quotation running on from the previous text, and the marks that may continue it. */
  let running: { quotation: number; runsOn: string } | undefined;

  texts.forEach(({ text, skip = [] }, index) => {
    const report = (offset: number, message: string) =>
      problems.push({ text: index, offset, message });
    const stack: Open[] = [];
    const pairs: Pair[] = [];
    const push = (mark: string, at: number, rule: OpenerRule, continues?: number) => {
      const entry: Open = { mark, at, rule, parent: stack.at(-1), paired: false, continues };
      stack.push(entry);
    };
    const close = (at: number) => {
      const entry = stack.pop()!;
      entry.paired = true;
      pairs.push({ open: entry, close: at });
    };
    /** Entries left open above a closing one: their marks stay text. */
    const abandon = (entry: Open) => {
      if (!entry.rule.single && !entry.rule.quiet) report(entry.at, unpaired(entry.mark));
    };

    let start = 0;
    const carried = running;
    running = undefined;
    if (carried) {
      const first = firstMark(text);
      if (first && carried.runsOn.includes(first.mark)) {
        push(first.mark, first.at, OPENERS.get(first.mark)!, carried.quotation);
        start = first.at + 1;
      }
    }

    let skipIndex = 0;
    for (let i = start; i < text.length; i++) {
      while (skipIndex < skip.length && skip[skipIndex]![1] <= i) skipIndex++;
      const range = skip[skipIndex];
      if (range && range[0] <= i) {
        i = range[1] - 1;
        continue;
      }
      const mark = text.charAt(i);
      if (!MARKS.has(mark)) continue;
      const top = stack.at(-1);
      const rule = OPENERS.get(mark);
      // A mark that both opens and closes (” " » ›) goes by its shape; a straight one between
      // letters is none (the gershayim in ד"ר).
      const symmetric = rule?.closers.includes(mark) === true;
      const next = text.charAt(i + 1);
      if (mark === '"' && LETTER.test(text.charAt(i - 1)) && LETTER.test(next)) continue;
      // ’ before a letter is an apostrophe (‘rock ’n’ roll’ aside).
      if (mark === '’' && LETTER.test(next)) continue;
      const opening = symmetric && openingShaped(text, i) && !closingShaped(text, i);
      if (top?.rule.closers.includes(mark) && !opening) {
        close(i);
        continue;
      }
      if (rule && (!rule.single || stack.length > 0) && !(rule.twoWay && closingShaped(text, i))) {
        push(mark, i, rule);
        continue;
      }
      if (!DOUBLE_CLOSERS.has(mark)) continue;
      const owner = stack.findLastIndex((entry) => entry.rule.closers.includes(mark));
      if (owner === -1) {
        report(i, `unmatched ${mark}: no opening mark pairs with it`);
        continue;
      }
      while (stack.length > owner + 1) abandon(stack.pop()!);
      close(i);
    }

    // Still open at the end: the outermost runs on if the next paragraph opens with its mark.
    const bottom = stack[0];
    const next = texts[index + 1];
    const nextMark = next?.follows ? firstMark(next.text)?.mark : undefined;
    if (bottom && !bottom.rule.single && nextMark && bottom.rule.runsOn?.includes(nextMark)) {
      for (const entry of stack.slice(1)) abandon(entry);
      bottom.paired = true;
      pairs.push({ open: bottom, close: text.length });
    } else {
      for (const entry of stack) abandon(entry);
    }

    // The outermost pairs are quotations: those with no paired mark around them.
    const found: QuotationPart[] = [];
    for (const { open, close: at } of pairs) {
      let parent = open.parent;
      while (parent && !parent.paired) parent = parent.parent;
      if (parent) continue;
      const runsOn = at === text.length;
      if (!/\S/u.test(text.slice(open.at + 1, at))) {
        // A paragraph that only opens its part goes on running; an empty quotation is text.
        if (open.continues !== undefined && runsOn)
          running = { quotation: open.continues, runsOn: open.rule.runsOn ?? open.mark };
        else if (open.continues === undefined)
          report(
            open.at,
            runsOn
              ? unpaired(open.mark)
              : `empty quotation: there are no words between ${open.mark} and ${text.charAt(at)}`,
          );
        continue;
      }
      const quotation = open.continues ?? quotations++;
      found.push({ open: open.at, close: at, quotation, continued: open.continues !== undefined });
      if (runsOn) running = { quotation, runsOn: open.rule.runsOn ?? open.mark };
    }
    found.sort((a, b) => a.open - b.open);
    parts.push(found);
  });
  return { parts, problems };
}
