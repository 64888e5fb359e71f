/**
 * Which file of the build answers a request for a path that has none of its own, in one place:
 * not-found pages, query-string variants and the app shell. `npm start`'s server
 * (site-server.ts) follows these rules as written here; nginx's config (nginx-config.ts) and a
 * static host's `_redirects` (build/deploy-files.ts) are generated from them; the prerender step
 * writes the files they name (`pageFile`, `notFoundFile`). tests/unit/server/page-rules.test.ts
 * holds all of them to one table of answers. Node-only: the browser never imports it.
 *
 * - **Not found**: a path in the folder of a route family with a not-found page of its own (an
 *   article's sections, its quotations: `NOT_FOUND_FOLDERS`), the folder itself included, gets
 *   that page, `<folder>/404.html`, if the build wrote one (it does for every full story); any
 *   other path gets the site's `/404.html`. A path that names a file (it has an extension) gets
 *   a plain-text 404 instead: an old asset or a JSON document is never answered with a page.
 * - **Query-string variants**: a page with prerendered variants (the gallery's `?speaker=`:
 *   `VARIANT_PAGES`) asked for with a value gets its variant,
 *   `<page>/_variants/<param>/<value>.html`, if the build wrote it, else the app shell (which
 *   renders "no quotes by …"). An empty value is the page itself, as the app renders it. A page
 *   the build did not write is not found, with or without a query.
 * - **Stand-ins**: not-found pages and variants answer for other paths; asked for by their own
 *   name, they are missing files.
 * - **One slug check**, content/slug.ts's `isSlug`: the prerender step writes these files only
 *   for slugs (a story's, a speaker's), and the Node server answers only slugs with them. nginx
 *   cannot run it, and needs not: it names a file only where the build may have written one,
 *   with a pattern that only keeps the name inside its folder (`ENCODED_SLUG`), and the file's
 *   existence decides.
 *
 * A variant's value is read as the query string carries it, percent-encoded as
 * `encodeURIComponent` writes it (as every link and browser does), and its file is named so:
 * a server that cannot decode a query string (nginx) compares the same bytes. Another spelling
 * of the same value (`%64`, lower-case escapes) gets the app shell, which renders it the same.
 */
import { isSlug } from '../content/slug.ts';
import { paths } from '../lib/paths.ts';
import { NOT_FOUND_FILE, SHELL_FILE, VARIANTS_DIR } from '../lib/site-files.ts';

/** A route pattern's folder: the pattern without its last segment. */
const folderOf = (pattern: string) => pattern.slice(0, pattern.lastIndexOf('/'));

/**
 * Route families with a not-found page of their own, by the pattern of the folder it is written
 * in: an unknown section's page links back to its article, an unknown quotation's to the gallery.
 */
export const NOT_FOUND_FOLDERS: readonly string[] = [
  folderOf(paths.sectionShare.pattern),
  folderOf(paths.quote.pattern),
];

/** Pages with prerendered variants, and the query parameter whose values have them. */
export const VARIANT_PAGES: readonly { pattern: string; param: string }[] = [
  { pattern: paths.quotes.pattern, param: 'speaker' },
];

/**
 * Routes that render only in the browser (`:param` segments); servers answer them with the app
 * shell. None today: every route's pages are prerendered.
 */
export const SHELL_ROUTE_PATTERNS: string[] = [];

/** A path that names a file rather than a page: it has an extension. */
export const FILE_EXTENSION = '\\.[A-Za-z0-9]+$';

/**
 * Every slug, percent-encoded as `encodeURIComponent` writes it, matches this; and nothing it
 * matches decodes to a dot, a slash, a backslash or a NUL (a unit test checks both ways). The
 * characters of an ASCII slug, and escapes of the bytes of any other character.
 */
export const ENCODED_SLUG = '^(?:[a-z0-9_-]|%[89A-F][0-9A-F])+$';

/** A route or folder pattern as a regular expression over a decoded path: `:param` is a segment. */
export function routeRegExp(pattern: string): string {
  return pattern
    .split('/')
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
}

/** A route or folder pattern with its `:param` segments filled in, as a URL path. */
export function fillRoute(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([^/]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${pattern} needs :${name}`);
    return encodeURIComponent(value);
  });
}

/** The path without trailing slashes: a page's path with or without one is the same page. */
const trimmed = (pathname: string) => pathname.replace(/\/+$/, '');

/**
 * The decoded path's segments against a pattern's, the path's longer or not (`prefix`): literal
 * segments equal, `:param` ones slugs. The matched part of the path, or null.
 */
function matchSegments(pattern: string, pathname: string, prefix: boolean): string | null {
  const want = pattern.split('/');
  const have = trimmed(pathname).split('/');
  if (have.length < want.length || (!prefix && have.length !== want.length)) return null;
  for (const [index, segment] of want.entries()) {
    const actual = have[index]!;
    if (segment.startsWith(':') ? !isSlug(actual) : actual !== segment) return null;
  }
  return have.slice(0, want.length).join('/');
}

/** A shell route pattern as a regular expression over the decoded path, trailing slash or not. */
export function shellRouteRegExp(pattern: string): string {
  return `^${routeRegExp(pattern)}/?$`;
}

/**
 * Whether a route only the browser renders has this (decoded) path. A server reads the build's
 * own list (`shell-routes.json`, which the prerender step writes from SHELL_ROUTE_PATTERNS).
 */
export function isShellRoute(pathname: string, patterns = SHELL_ROUTE_PATTERNS): boolean {
  return patterns.some((pattern) => new RegExp(shellRouteRegExp(pattern)).test(pathname));
}

/** Whether the path names a file rather than a page. */
export function isFilePath(pathname: string): boolean {
  return new RegExp(FILE_EXTENSION).test(pathname);
}

/** Files that answer for other paths (not-found pages, variants): missing by their own name. */
export function isStandIn(pathname: string): boolean {
  const segments = pathname.split('/');
  return segments.includes(VARIANTS_DIR) || segments.at(-1) === NOT_FOUND_FILE;
}

/** A route family's not-found page, in the folder it answers for (a decoded path). */
export function notFoundFile(folder: string): string {
  return `${trimmed(folder)}/${NOT_FOUND_FILE}`;
}

/** The site's own not-found page, for any path no route family claims. */
export const SITE_NOT_FOUND = `/${NOT_FOUND_FILE}`;

/**
 * The not-found pages that may answer a (decoded) path, nearest first: its route family's,
 * then the site's. The server answers with the first the build has.
 */
export function notFoundPages(pathname: string): string[] {
  for (const pattern of NOT_FOUND_FOLDERS) {
    const folder = matchSegments(pattern, pathname, true);
    if (folder !== null) return [notFoundFile(folder), SITE_NOT_FOUND];
  }
  return [SITE_NOT_FOUND];
}

/** A variant's value as the query string carries it, decoded, if it is a slug written so. */
export function variantValue(raw: string): string | null {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return isSlug(value) && encodeURIComponent(value) === raw ? value : null;
}

/** A page's own file, in its folder (a decoded path). */
export function pageIndex(page: string): string {
  return `${trimmed(page)}/index.html`;
}

/** Where a page's variant is written, by the value as its URL carries it (percent-encoded). */
export function variantPath(page: string, param: string, encoded: string): string {
  return `${trimmed(page)}/${VARIANTS_DIR}/${param}/${encoded}.html`;
}

/** Where a page's variant for this value is written. */
export function variantFile(page: string, param: string, value: string): string {
  return variantPath(page, param, encodeURIComponent(value));
}

/** The parameter whose values have variants of the page at this (decoded) path, if any. */
export function variantParamOf(pathname: string): string | null {
  const entry = VARIANT_PAGES.find(({ pattern }) => matchSegments(pattern, pathname, false));
  return entry?.param ?? null;
}

/** The first value of a parameter in a query string, as written (no `?`); null when absent. */
function rawParam(query: string, param: string): string | null {
  for (const part of query.split('&')) {
    if (part.startsWith(`${param}=`)) return part.slice(param.length + 1);
  }
  return null;
}

/**
 * The file that answers a request for a page's variant, as a decoded path from the build's
 * root: the variant, else the app shell. Null when the request is not for a variant (another
 * path, no value or an empty one) or the page itself is not in the build. `has` says whether
 * the build has a file.
 */
export function variantAnswer(
  pathname: string,
  query: string,
  has: (file: string) => boolean,
): string | null {
  for (const { pattern, param } of VARIANT_PAGES) {
    const page = matchSegments(pattern, pathname, false);
    if (page === null) continue;
    const raw = rawParam(query, param);
    if (!raw || !has(pageIndex(page))) return null;
    const value = variantValue(raw);
    const file = value === null ? null : variantFile(page, param, value);
    return file !== null && has(file) ? file : `/${SHELL_FILE}`;
  }
  return null;
}

/**
 * The file a prerendered URL is written to, as a decoded path from the build's root: its page's
 * `index.html`, or a variant's file. Null for a variant whose value is not a slug (a speaker
 * whose slug is over the length): servers answer it with the app shell, so it has no file. A
 * query no server answers with a variant is an error.
 */
export function pageFile(url: string): string | null {
  const { pathname, searchParams } = new URL(url, 'http://dispatch');
  const page = trimmed(decodeURIComponent(pathname));
  const [variant, ...more] = [...searchParams];
  if (!variant) return pageIndex(page);
  const [param, value] = variant;
  if (variantParamOf(page) !== param || more.length > 0) {
    throw new Error(`${url} is no variant a server answers (see src/server/page-rules.ts)`);
  }
  return isSlug(value) ? variantFile(page, param, value) : null;
}

/** What a server answers (`answer`): a file of the build and its status, or a plain-text 404. */
export type Answer = { file: string; status: 200 | 404 } | { file: null; status: 404 };

/**
 * The rules whole, for a GET of a decoded path and its query string as written, where `has`
 * says which files the build has: what every server answers (the files the servers do not
 * serve, `_server/` and the like, aside). Pages have clean URLs: a path's own file, else its
 * folder's `index.html`, else the path with `.html`.
 */
export function answer(pathname: string, query: string, has: (file: string) => boolean): Answer {
  if (!isStandIn(pathname)) {
    const variant = variantAnswer(pathname, query, has);
    if (variant !== null) return { file: variant, status: 200 };
    const own = [pathname, pageIndex(pathname), `${trimmed(pathname)}.html`];
    const file = own.find((candidate) => !candidate.endsWith('/') && has(candidate));
    if (file !== undefined) return { file, status: 200 };
  }
  if (isShellRoute(pathname)) return { file: `/${SHELL_FILE}`, status: 200 };
  if (isFilePath(pathname)) return { file: null, status: 404 };
  const page = notFoundPages(pathname).find(has);
  return page === undefined ? { file: null, status: 404 } : { file: page, status: 404 };
}
