/**
 * How Dispatch is served, in one place: the security headers and the Content Security Policy,
 * caching, and which files are the server's own. `npm start`'s server (site-server.ts), the
 * nginx config (deploy/nginx.conf, written by `npm run deploy:nginx`) and the files static
 * hosts read (`_headers`, `_redirects`, written by the build) are all derived from this module,
 * so the servers cannot drift apart; which page answers a path with no file of its own (404
 * pages, query-string variants, the app shell) is page-rules.ts. Node-only: the browser never
 * imports it.
 */
import { createHash } from 'node:crypto';
import {
  ASSETS_PREFIX,
  FEED_ATOM,
  FEED_JSON,
  SERVER_DIR,
  STATIC_HOST_HEADERS,
  STATIC_HOST_REDIRECTS,
} from '../lib/site-files.ts';

/** The hashes of a build's inline scripts and stylesheets, as CSP source expressions. */
export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/**
 * The Content Security Policy. Scripts and styles come from the site itself, inline ones only
 * by hash (computed by the build from the files it wrote). `'wasm-unsafe-eval'` lets the search
 * index's WebAssembly compile; it allows no JavaScript `eval`. Trusted Types are enforced: the
 * only policy is the default one every page installs first (trusted-types-policy.ts), which
 * allows same-origin script URLs and no HTML or script strings at all.
 */
export function contentSecurityPolicy(hashes: InlineHashes): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'", "'wasm-unsafe-eval'", ...hashes.scripts],
    ['style-src', "'self'", ...hashes.styles],
    // The icon is a data: URL (nothing but the document is requested before the text paints).
    ['img-src', "'self'", 'data:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['frame-ancestors', "'none'"],
    ['form-action', "'self'"],
    ['require-trusted-types-for', "'script'"],
    ['trusted-types', 'default'],
  ];
  return directives.map((directive) => directive.join(' ')).join('; ');
}

/**
 * Browser features Dispatch uses (sharing, copying a link) stay on for the site itself; the
 * rest are off. Only features Chromium knows: an unknown one is a console error on every page.
 */
export const PERMISSIONS_POLICY = [
  'web-share=(self)',
  'clipboard-write=(self)',
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'fullscreen=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'usb=()',
].join(', ');

/** The headers every response carries, in the order servers send them. */
export function securityHeaders(csp: string): [name: string, value: string][] {
  return [
    ['Content-Security-Policy', csp],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['Permissions-Policy', PERMISSIONS_POLICY],
    // For browsers that predate `frame-ancestors`.
    ['X-Frame-Options', 'DENY'],
  ];
}

/**
 * Content-hashed build assets never change under their name; everything else is revalidated,
 * and so is every answer that is not the file itself (a 404 for an asset that is not there yet
 * must not be kept for a year).
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
/** Hashed assets are the immutable ones: Vite's assets folder (lib/site-files.ts). */
export const IMMUTABLE_PREFIX = ASSETS_PREFIX;

export function cacheControl(pathname: string, status = 200): string {
  const found = status === 200 || status === 206 || status === 304;
  return found && pathname.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE : REVALIDATE;
}

/** Files in the build that are for servers, not readers: never served. */
export function isServerOnly(pathname: string): boolean {
  return (
    pathname === `/${STATIC_HOST_HEADERS}` ||
    pathname === `/${STATIC_HOST_REDIRECTS}` ||
    pathname === `/${SERVER_DIR}` ||
    pathname.startsWith(`/${SERVER_DIR}/`)
  );
}

/**
 * The precompressed copies the build writes beside each compressible file (build/precompress.ts),
 * with the content coding each is sent with, in the order the servers prefer them: brotli, the
 * smaller, first. Both servers send a copy as it is, in place of its file: `npm start`'s through
 * sirv, nginx through `brotli_static` and `gzip_static`. A copy is no URL of its own: asked for
 * by its name, it is a missing file (the build writes no other `.br` or `.gz` file).
 */
export const PRECOMPRESSED = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
export type PrecompressedCopy = (typeof PRECOMPRESSED)[number];

/** Whether a path names a precompressed copy rather than a file of the site. */
export function isPrecompressedCopy(pathname: string): boolean {
  return PRECOMPRESSED.some(({ suffix }) => pathname.endsWith(suffix));
}

/**
 * The copies a request's `Accept-Encoding` takes, best first (RFC 9110, 12.5.3): a coding with
 * `q=0` is refused, `*` stands for any coding it does not name, `x-gzip` is gzip, and a tie goes
 * to brotli. None: the file itself.
 */
export function acceptedCopies(header: string | undefined): PrecompressedCopy[] {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((item) => item.trim().toLowerCase());
    if (name === '') continue;
    const q = params.find((param) => /^q\s*=/.test(param));
    const weight = q === undefined ? 1 : Number(q.slice(q.indexOf('=') + 1).trim());
    const coding = name === 'x-gzip' ? 'gzip' : name;
    // A coding named twice keeps its higher weight.
    if (Number.isFinite(weight)) weights.set(coding, Math.max(weight, weights.get(coding) ?? 0));
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0;
  return PRECOMPRESSED.filter(({ coding }) => weight(coding) > 0).sort(
    (a, b) => weight(b.coding) - weight(a.coding),
  );
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Script types a browser runs; JSON data blocks are not scripts and need no hash. */
const EXECUTABLE = /^(|text\/javascript|application\/javascript|module)$/i;

/**
 * The CSP hashes of a page's inline `<script>` and `<style>` elements: of their exact text, as
 * the browser hashes it (neither element's text has character references decoded).
 */
export function inlineHashes(html: string): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attributes = match[1] ?? '';
    if (/\bsrc\s*=/i.test(attributes)) continue;
    const type = /\btype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1] ?? '';
    if (EXECUTABLE.test(type.trim())) scripts.add(sha256(match[2] ?? ''));
  }
  for (const match of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi)) {
    styles.add(sha256(match[1] ?? ''));
  }
  return { scripts: [...scripts], styles: [...styles] };
}

/** The union of several pages' hashes, sorted so the policy is the same for the same build. */
export function mergeHashes(all: Iterable<InlineHashes>): InlineHashes {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const hashes of all) {
    hashes.scripts.forEach((hash) => scripts.add(hash));
    hashes.styles.forEach((hash) => styles.add(hash));
  }
  return { scripts: [...scripts].sort(), styles: [...styles].sort() };
}

/**
 * Media types by file extension, for every kind of file the build writes. Text types name their
 * charset. Anything else is `application/octet-stream` (the search index's own files are).
 */
export const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  xml: 'application/xml',
  // The Atom feed (build/feeds.ts). XML names its own encoding.
  atom: 'application/atom+xml',
  svg: 'image/svg+xml',
  png: 'image/png',
  // The story pictures (build/pictures.ts): served as anything else, nosniff would hide them.
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
};
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/**
 * Files whose media type is not their extension's: the JSON Feed is JSON of its own kind, and
 * a feed reader goes by the type. By path from the site's root.
 */
export const FILE_CONTENT_TYPES: Record<string, string> = {
  [`/${FEED_JSON}`]: 'application/feed+json',
};

/** The feeds' files, each with its type: static hosts may know neither extension. */
export const FEED_FILES = [`/${FEED_ATOM}`, `/${FEED_JSON}`] as const;

export function contentType(pathname: string): string {
  const own = FILE_CONTENT_TYPES[pathname];
  if (own) return own;
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? DEFAULT_CONTENT_TYPE;
}

/** The only methods a static site answers; anything else is 405 with an `Allow` header. */
export const ALLOWED_METHODS = ['GET', 'HEAD'] as const;
