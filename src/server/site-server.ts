/**
 * The production build's server, as `npm start` runs it: clean URLs, caching, compression, the
 * security headers the build wrote (site-rules.ts), and which page answers a path with no file
 * of its own, the nearest 404.html and the `?speaker=` variants (page-rules.ts, which
 * deploy/nginx.conf and `_redirects` are generated from).
 *
 * A request is checked before any file is looked up: only GET and HEAD (405 otherwise), a path
 * that decodes (400 otherwise), and no NUL, backslash or `..` segment in it (400): nothing
 * outside the build can be named. The handler never throws; a failure is a logged 500 at worst.
 */
import compression from 'compression';
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
import { ALLOWED_METHODS, cacheControl, contentType, isServerOnly } from './site-rules.ts';

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

  const compress = compression();
  const files = sirv(root, {
    // Looks each file up as it is asked for (sirv otherwise lists the build once, at start-up,
    // and a publish while the server runs would go unseen, or be sent with stale lengths).
    dev: true,
    etag: true,
    extensions: ['html'],
    setHeaders(res, pathname) {
      // A path without an extension was answered with a page (`.html`, or a folder's index).
      res.setHeader('Content-Type', contentType(/\.[^/]+$/.test(pathname) ? pathname : '.html'));
      res.setHeader('Cache-Control', cacheControl(pathname));
    },
  });

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

  /** No file of its own: the app shell for browser-only routes, else a real 404. */
  function fallback(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (isShellRoute(pathname, current().shellRoutes)) {
      send(req, res, 200, contentType('.html'), current().shellPage);
    } else if (isFilePath(pathname)) {
      // A missing file (an old asset, a JSON document) is a plain 404, never an HTML page.
      text(req, res, 404, 'Not found');
    } else {
      const page = notFoundPages(pathname).find(has) ?? SITE_NOT_FOUND;
      send(req, res, 404, contentType('.html'), read(page));
    }
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
    if (isServerOnly(pathname) || isStandIn(pathname)) {
      fallback(req, res, pathname);
      return;
    }
    // The query string as the client wrote it: variants are named by its bytes (page-rules.ts).
    const query = raw.includes('?') ? raw.slice(raw.indexOf('?') + 1) : '';
    compress(req as never, res as never, () => {
      const variant = variantAnswer(pathname, query, has);
      if (variant) send(req, res, 200, contentType('.html'), read(variant));
      else files(req, res, () => fallback(req, res, pathname));
    });
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
