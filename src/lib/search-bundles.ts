/**
 * Where the search indexes are: Pagefind's bundle for the site's own language, in parts for a
 * large edition, one more for each other language a story is written in, and the lists of
 * those. The build writes them (build/search-index.ts) and the search page loads them
 * (features/search/pagefind.ts).
 */

/** The language of the site's own words, as `<html lang>` in index.html says. */
export const SITE_LANGUAGE = 'en';

export const searchBundles = {
  /** The site language's bundle, relative to the site's base. */
  main: 'pagefind/',
  /** A JSON array of the other languages' tags. */
  languages: 'pagefind/languages.json',
  of: (language: string) => `pagefind/${language}/`,
  /** A JSON array of the main bundle's other parts (their paths), merged into it to search. */
  parts: 'pagefind/parts.json',
  part: (n: number) => `pagefind/part-${n}/`,
};
