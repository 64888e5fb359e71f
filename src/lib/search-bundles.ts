/**
 * Where the search indexes are: Pagefind's bundle for the site's own language, one more for each
 * other language a story is written in, and the list of those. The build writes them
 * (build/search-index.ts) and the search page loads them (features/search/pagefind.ts).
 */

/** The language of the site's own words, as `<html lang>` in index.html says. */
export const SITE_LANGUAGE = 'en';

export const searchBundles = {
  /** The site language's bundle, relative to the site's base. */
  main: 'pagefind/',
  /** A JSON array of the other languages' tags. */
  languages: 'pagefind/languages.json',
  of: (language: string) => `pagefind/${language}/`,
};
