/**
 * The production build's server, as `npm start` runs it: clean URLs, caching, the security
 * headers the build wrote (site-rules.ts), and which page answers a path with no file of its
 * own, the nearest 404.html and the `?speaker=` variants (page-rules.ts, which
 * deploy/nginx.conf and `_redirects` are generated from).
 *
 * Compression is the build's (build/precompress.ts): a file is sent as its brotli or gzip copy,
 * as it is, when the request takes one (`Content-Encoding`, `Vary: Accept-Encoding`, and the
 * copy's own ETag and length); nothing is compressed on the fly. sirv sends files and their
 * copies; this module sends the pages that answer for other paths (404 pages, variants, the app
 * shell) the same way. A range of a file is sent only where the whole would have been sent
 * unencoded: a request for a range of a file with a copy it takes gets the whole copy, 200, as
 * nginx answers it.
 *
 * A request is checked before any file is looked up: only GET and HEAD (405 otherwise), a path
 * that decodes (400 otherwise), and no NUL, backslash or `..` segment in it (400): nothing
 * outside the build can be named. The handler never throws; a failure is a logged 500 at worst.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import sirv from 'sirv';
import { HEADERS_JSON, SHELL_FILE, SHELL_ROUTES_FILE } from '../lib/site-files.ts';
import {
  isFilePath,
  isShellRoute,
  isStandIn,
  notFoundPages,
  SITE_NOT_FOUND,
  variantAnswer,
} from './page-rules.ts';
import {
  acceptedCopies,
  ALLOWED_METHODS,
  cacheControl,
  contentType,
  isPrecompressedCopy,
  isServerOnly,
  type PrecompressedCopy,
} from './site-rules.ts';

type Headers = [name: string, value: string][];

/** The build's security headers (with its CSP), written by the build step (deploy-files.ts). */
function readBuildHeaders(root: string): Headers {
  const file = resolve(root, HEADERS_JSON);
  if (!existsSync(file)) throw new Error(`${file} is missing: build with \`npm run build\`.`);
  const { headers } = JSON.parse(readFileSync(file, 'utf8')) as { headers: Headers };
  return headers;
}

/** Why a request names no file of the build; null when it may. */
function rejectPath(pathname: string): 400 | null {
  if (pathname.includes('\0') || pathname.includes('\\')) return 400;
  if (pathname.split('/').some((segment) => segment === '..' || segment === '.')) return 400;
  return null;
}

function decode(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

export function createSiteHandler(rootDir: string) {
  const root = resolve(rootDir);
  const inRoot = (file: string) => file === root || file.startsWith(root + sep);
  /** A file of the build, by its decoded path from the root; null outside it. */
  const fileOf = (path: string) => {
    const file = resolve(root, `.${path}`);
    return inRoot(file) ? file : null;
  };
  /** Whether the build has that file (a folder is not one; a name too long for the disk neither). */
  const has = (path: string) => {
    const file = fileOf(path);
    try {
      return file !== null && (statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
    } catch {
      return false;
    }
  };
  /**
   * What every answer needs from the build: its headers (with its CSP), the app shell, the
   * site's 404 page and the shell's routes. Read again when one of them changed on disk: a
   * publish writes the build again in place, and the next request answers from it.
   */
  const siteFiles = [HEADERS_JSON, SHELL_FILE, SITE_NOT_FOUND.slice(1), SHELL_ROUTES_FILE].map(
    (file) => resolve(root, file),
  );
  let site: ReturnType<typeof readSite> | undefined;
  let siteVersion = '';
  function readSite() {
    return {
      buildHeaders: readBuildHeaders(root),
      shellPage: readFileSync(fileOf(`/${SHELL_FILE}`)!),
      siteNotFound: readFileSync(fileOf(SITE_NOT_FOUND)!),
      shellRoutes: JSON.parse(readFileSync(fileOf(`/${SHELL_ROUTES_FILE}`)!, 'utf8')) as string[],
    };
  }
  function current() {
    const version = siteFiles
      .map((file) => {
        const stats = statSync(file, { throwIfNoEntry: false });
        return stats ? `${stats.mtimeMs}:${stats.size}` : '';
      })
      .join(' ');
    if (!site || version !== siteVersion) {
      site = readSite();
      siteVersion = version;
    }
    return site;
  }
  current();
  /** What answers for another path: the shell and the site's 404 page are read once a build. */
  const read = (path: string) =>
    path === `/${SHELL_FILE}`
      ? current().shellPage
      : path === SITE_NOT_FOUND
        ? current().siteNotFound
        : readFileSync(fileOf(path)!);

  const files = sirv(root, {
    // Looks each file up as it is asked for (sirv otherwise lists the build once, at start-up,
    // and a publish while the server runs would go unseen, or be sent with stale lengths).
    dev: true,
    etag: true,
    extensions: ['html'],
    // The build's copies, sent as they are, each with its own length and ETag (made of the size
    // and time of the file sent: the build never leaves two copies of one size). sirv reads
    // Accept-Encoding itself: handle() gives it the codings chosen here.
    brotli: true,
    gzip: true,
    setHeaders(res, pathname) {
      // The file's type, whichever copy is sent. A path without an extension was answered with
      // a page (`.html`, or a folder's index).
      res.setHeader('Content-Type', contentType(/\.[^/]+$/.test(pathname) ? pathname : '.html'));
      res.setHeader('Cache-Control', cacheControl(pathname));
    },
  });

  /** The copy of a file of the build (a decoded path) that a request taking `copies` gets. */
  const copyOf = (path: string, copies: readonly PrecompressedCopy[]) =>
    copies.find(({ suffix }) => has(`${path}${suffix}`));

  /** The file sirv answers a (decoded) path with, looked for as sirv does (`extensions`). */
  const fileFor = (pathname: string) => {
    const path = pathname.replace(/\/+$/, '');
    return [path, `${path}/index`, `${path}.html`, `${path}/index.html`].find(has);
  };

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    type: string,
    body: Buffer | string,
  ) {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': cacheControl('', status) });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const text = (req: IncomingMessage, res: ServerResponse, status: number, message: string) =>
    send(req, res, status, contentType('.txt'), `${message}\n`);

  /** A page that answers for another path (a 404 page, a variant, the shell), as its copy. */
  function sendPage(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    path: string,
    copies: readonly PrecompressedCopy[],
  ) {
    const copy = copyOf(path, copies);
    const body = copy ? readFileSync(fileOf(`${path}${copy.suffix}`)!) : read(path);
    res.writeHead(status, {
      'Content-Type': contentType('.html'),
      'Cache-Control': cacheControl('', status),
      'Content-Length': body.length,
      Vary: 'Accept-Encoding',
      ...(copy ? { 'Content-Encoding': copy.coding } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** No file of its own: the app shell for browser-only routes, else a real 404. */
  function fallback(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    copies: readonly PrecompressedCopy[],
  ) {
    if (isShellRoute(pathname, current().shellRoutes)) {
      sendPage(req, res, 200, `/${SHELL_FILE}`, copies);
    } else if (isFilePath(pathname)) {
      // A missing file (an old asset, a JSON document) is a plain 404, never an HTML page.
      text(req, res, 404, 'Not found');
    } else {
      sendPage(req, res, 404, notFoundPages(pathname).find(has) ?? SITE_NOT_FOUND, copies);
    }
  }

  /**
   * sirv sends a range of whichever file it sends, and reads the header loosely (`bytes=-500`
   * as the first 501 bytes, `bytes=0-0` as the whole file, several ranges as one; `If-Range`
   * unread). A range is passed on only where it means what sirv makes of it, one `first-last`
   * or `first-` range without `If-Range`, and only of a file sent unencoded: else the whole is
   * sent, 200, as HTTP allows (nginx too sends a precompressed copy whole).
   */
  function passRange(req: IncomingMessage, pathname: string, copies: readonly PrecompressedCopy[]) {
    const range = req.headers.range;
    if (range === undefined) return;
    const [, first, last] = /^bytes=(\d+)-(\d*)$/.exec(range.trim()) ?? [];
    const file = copies.length > 0 ? fileFor(pathname) : undefined;
    const meant =
      first !== undefined &&
      req.headers['if-range'] === undefined &&
      (last === '' || (Number(last) > 0 && Number(last) >= Number(first)));
    if (!meant || (file !== undefined && copyOf(file, copies) !== undefined)) {
      delete req.headers.range;
    }
  }

  /**
   * sirv answers a matching If-None-Match with a bare 304. RFC 9110 asks for the headers a 200
   * would have had that a cache keeps: Cache-Control and Vary are set before sirv runs, and the
   * ETag it matched, the request's own, is added here.
   */
  function tagNotModified(req: IncomingMessage, res: ServerResponse) {
    const tag = req.headers['if-none-match'];
    if (tag === undefined) return;
    const writeHead = res.writeHead as (...args: unknown[]) => ServerResponse;
    res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
      if (args[0] === 304) this.setHeader('ETag', tag);
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [name, value] of current().buildHeaders) res.setHeader(name, value);
    if (!(ALLOWED_METHODS as readonly string[]).includes(req.method ?? '')) {
      res.setHeader('Allow', ALLOWED_METHODS.join(', '));
      text(req, res, 405, 'Method not allowed');
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      text(req, res, 400, 'Bad request');
      return;
    }
    const pathname = decode(url.pathname);
    const raw = req.url ?? '/';
    if (pathname === null || !raw.startsWith('/') || rejectPath(pathname) || rejectPath(raw)) {
      text(req, res, 400, 'Bad request');
      return;
    }
    const copies = acceptedCopies(req.headers['accept-encoding']);
    // A copy is sent in place of its file, never by its own name.
    if (isServerOnly(pathname) || isStandIn(pathname) || isPrecompressedCopy(pathname)) {
      fallback(req, res, pathname, copies);
      return;
    }
    // The query string as the client wrote it: variants are named by its bytes (page-rules.ts).
    const query = raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '';
    const variant = variantAnswer(pathname, query, has);
    if (variant) {
      sendPage(req, res, 200, variant, copies);
      return;
    }
    // sirv takes a copy for any mention of br or gzip, even refused (`q=0`), brotli first: it is
    // told the codings taken, and only gzip where the request ranks gzip above brotli.
    req.headers['accept-encoding'] = (copies[0]?.coding === 'gzip' ? copies.slice(0, 1) : copies)
      .map(({ coding }) => coding)
      .join(', ');
    passRange(req, pathname, copies);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', cacheControl(pathname));
    tagNotModified(req, res);
    files(req, res, () => fallback(req, res, pathname, copies));
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch (error) {
      console.error('Could not answer', req.method, req.url, error);
      if (!res.headersSent) text(req, res, 500, 'Server error');
      else res.destroy();
    }
  };
}

export function createSiteServer(rootDir: string): Server {
  return createServer(createSiteHandler(rootDir));
}
