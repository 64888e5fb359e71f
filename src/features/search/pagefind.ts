/**
 * Pagefind in the browser: its script and index load the first time the reader searches (never
 * with the page), then only the index fragments a query needs. Stories in other languages than
 * the site's are indexed apart, each stemmed as its language (build/search-index.ts), so a
 * search asks every language's index and merges their results by score. A large edition's
 * index for the site's language is in parts, merged into the first (Pagefind's `mergeIndex`).
 */
import { searchBundles } from '../../lib/search-bundles';

export interface SearchAnchor {
  element: string;
  id: string;
  text?: string;
}

export interface SearchSubResult {
  title: string;
  url: string;
  /** HTML-escaped text with `<mark>` around the matched words. */
  excerpt: string;
  anchor?: SearchAnchor;
}

export interface SearchResultData {
  /** The language of the story, when it is not the site's (set here, from its index). */
  language?: string;
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results: SearchSubResult[];
}

interface SearchResult {
  id: string;
  score: number;
  data: () => Promise<SearchResultData>;
}

interface Search {
  search: (term: string) => Promise<{ results: SearchResult[] } | null>;
}

interface PagefindBundle extends Search {
  options: (options: Record<string, unknown>) => Promise<void>;
  mergeIndex: (url: string) => Promise<void>;
  init: () => Promise<void>;
}

let loading: Promise<Search> | undefined;
let attempts = 0;

/**
 * One language's bundle: its own script, so its own copy of Pagefind and its stemmer, with the
 * parts it is in merged into it.
 */
async function loadBundle(
  path: string,
  attempt: number,
  parts: readonly string[] = [],
): Promise<PagefindBundle> {
  const url = `${import.meta.env.BASE_URL}${path}pagefind.js${attempt ? `?try=${attempt}` : ''}`;
  const pagefind = (await import(/* @vite-ignore */ url)) as PagefindBundle;
  await pagefind.options({ excerptLength: 24 });
  for (const part of parts) await pagefind.mergeIndex(`${import.meta.env.BASE_URL}${part}`);
  await pagefind.init();
  return pagefind;
}

/** A list the build writes beside the index, its entries checked; empty if it cannot be read. */
async function readList(path: string, valid: RegExp): Promise<string[]> {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}${path}`);
    const list: unknown = response.ok ? await response.json() : [];
    return Array.isArray(list)
      ? list.filter((entry): entry is string => typeof entry === 'string' && valid.test(entry))
      : [];
  } catch {
    return [];
  }
}

/** The other languages the edition's stories are in. */
const otherLanguages = () => readList(searchBundles.languages, /^[a-z]{2,3}$/);
/** The other parts of the site language's index. */
const mainParts = () => readList(searchBundles.parts, /^pagefind\/part-\d+\/$/);

/**
 * Loads Pagefind once, with every language's index. A failed load is forgotten, and the next try
 * asks for fresh copies (a failed module import stays failed at its URL).
 */
export function loadPagefind(): Promise<Search> {
  if (!loading) {
    const attempt = attempts++;
    const main = mainParts().then((parts) => loadBundle(searchBundles.main, attempt, parts));
    loading = Promise.all([main, otherLanguages()]).then(async ([main, languages]) => {
      if (languages.length === 0) return main;
      const others = await Promise.all(
        languages.map(async (language) => {
          const bundle = await loadBundle(searchBundles.of(language), attempt);
          return { language, bundle };
        }),
      );
      return {
        search: async (term: string) => {
          const [ours, ...theirs] = await Promise.all([
            main.search(term),
            ...others.map(async ({ language, bundle }) => {
              const answer = await bundle.search(term);
              return (answer?.results ?? []).map((result) => ({
                ...result,
                data: async () => ({ ...(await result.data()), language }),
              }));
            }),
          ]);
          const results = [...(ours?.results ?? []), ...theirs.flat()];
          return { results: results.sort((a, b) => b.score - a.score) };
        },
      };
    });
    loading.catch(() => (loading = undefined));
  }
  return loading;
}

export interface Found {
  query: string;
  total: number;
  /** The first results, with their data. */
  results: SearchResultData[];
  /** Loads the data of more results. */
  more: (from: number, count: number) => Promise<SearchResultData[]>;
}

/**
 * One search at a time: while one is in flight, a newer query waits, and the queries typed in
 * between are skipped. Each caller gets its own query's results, or `null` if a newer one
 * overtook it.
 */
export function createSearcher(pageSize: number) {
  let inFlight: Promise<unknown> = Promise.resolve();
  let latest = '';
  return async function search(query: string): Promise<Found | null> {
    latest = query;
    const run = inFlight.then(async () => {
      if (query !== latest) return null;
      const pagefind = await loadPagefind();
      const found = await pagefind.search(query);
      if (!found || query !== latest) return null;
      const data = (from: number, count: number) =>
        Promise.all(found.results.slice(from, from + count).map((result) => result.data()));
      return {
        query,
        total: found.results.length,
        results: await data(0, pageSize),
        more: data,
      } satisfies Found;
    });
    inFlight = run.catch(() => undefined);
    return run;
  };
}

export interface ExcerptPart {
  text: string;
  marked: boolean;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** The text of an HTML fragment without elements: tags dropped, character references decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (reference, name: string) => {
      if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? reference;
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : reference;
    });
}

/**
 * Pagefind's excerpt as text with marked words. It is read, never parsed or inserted as HTML
 * (the site's Trusted Types policy lets no string become HTML): only the text of its `<mark>`
 * elements and of what lies between them is kept, other tags are dropped and character
 * references decoded.
 */
export function excerptParts(excerpt: string): ExcerptPart[] {
  const parts: ExcerptPart[] = [];
  let marked = false;
  for (const piece of excerpt.split(/(<\/?mark\b[^>]*>)/i)) {
    if (/^<mark\b/i.test(piece)) marked = true;
    else if (/^<\/mark/i.test(piece)) marked = false;
    else {
      const text = htmlText(piece);
      if (text) parts.push({ text, marked });
    }
  }
  return parts;
}
