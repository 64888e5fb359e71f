import type { TextDirection } from '../content/nodes.ts';

/** Languages written right to left when no script subtag says otherwise. */
const RTL_LANGUAGES = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'khw',
  'ks',
  'mzn',
  'nqo',
  'pnb',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
]);
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand']);

/** The first letter of a text decides, as the Unicode bidi algorithm's first strong character. */
const STRONG =
  /(\p{Script=Arabic}|\p{Script=Hebrew}|\p{Script=Syriac}|\p{Script=Thaana}|\p{Script=Nko}|\p{Script=Adlam})|\p{L}/u;

function directionOfLanguage(lang: string): TextDirection | undefined {
  const [language = '', ...subtags] = lang.toLowerCase().split('-');
  const script = subtags.find((subtag) => subtag.length === 4);
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(language) ? 'rtl' : undefined;
}

/**
 * The direction a story's text runs: its language's, or else its first letter's. Only where
 * the page states none (a `dir` attribute), which wins.
 */
export function directionOf(lang: string | undefined, texts: readonly string[]): TextDirection {
  const byLanguage = lang === undefined ? undefined : directionOfLanguage(lang);
  if (byLanguage) return byLanguage;
  for (const text of texts) {
    const match = STRONG.exec(text);
    if (match) return match[1] ? 'rtl' : 'ltr';
  }
  return 'ltr';
}
