/**
 * The production build's server, as `npm start` runs it: clean URLs, the nearest 404.html, the
 * `?speaker=` variants, caching, compression, and the security headers the build wrote
 * (site-rules.ts has every rule; deploy/nginx.conf follows the same ones).
 *
 * A request is checked before any file is looked up: only GET and HEAD (405 otherwise), a path
 * that decodes (400 otherwise), and no NUL, backslash or `..` segment in it (400): nothing
 * outside the build can be named. The handler never throws; a failure is a logged 500 at worst.
 */
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import sirv from 'sirv';
import { isSlug } from '../content/slug.ts';
import {
  HEADERS_JSON,
  NOT_FOUND_FILE,
  SHELL_FILE,
  SHELL_ROUTES_FILE,
  VARIANTS_DIR,
} from '../lib/site-files.ts';
import {
  ALLOWED_METHODS,
  cacheControl,
  contentType,
  isServerOnly,
  shellRouteRegExp,
  VARIANT_PARAMS,
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
  const buildHeaders = readBuildHeaders(root);
  const shellPage = readFileSync(resolve(root, SHELL_FILE));
  const siteNotFound = readFileSync(resolve(root, NOT_FOUND_FILE));
  const shellRoutes = (
    JSON.parse(readFileSync(resolve(root, SHELL_ROUTES_FILE), 'utf8')) as string[]
  ).map((pattern) => new RegExp(shellRouteRegExp(pattern)));

  const compress = compression();
  const files = sirv(root, {
    etag: true,
    extensions: ['html'],
    setHeaders(res, pathname) {
      // A path without an extension was answered with a page (`.html`, or a folder's index).
      res.setHeader('Content-Type', contentType(/\.[^/]+$/.test(pathname) ? pathname : '.html'));
      res.setHeader('Cache-Control', cacheControl(pathname));
    },
  });

  /** The nearest 404.html at or above the path's folder: a route family's own, else the site's. */
  function notFoundPage(pathname: string): Buffer {
    let dir = pathname.replace(/\/[^/]*$/, '');
    while (dir) {
      const file = resolve(root, `.${dir}`, NOT_FOUND_FILE);
      if (inRoot(file) && existsSync(file)) return readFileSync(file);
      dir = dir.replace(/\/[^/]*$/, '');
    }
    return siteNotFound;
  }

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

  /** No prerendered file: the app shell for browser-only routes, else a real 404. */
  function fallback(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (shellRoutes.some((route) => route.test(pathname))) {
      send(req, res, 200, contentType('.html'), shellPage);
    } else if (/\.[a-z0-9]+$/i.test(pathname)) {
      // A missing file (an old asset, a JSON document) is a plain 404, never an HTML page.
      text(req, res, 404, 'Not found');
    } else {
      send(req, res, 404, contentType('.html'), notFoundPage(pathname.replace(/\/+$/, '')));
    }
  }

  /**
   * A page with query-string variants (the quote gallery's `?speaker=`) has them prerendered in
   * `_variants/<param>/<value>.html`. A known value gets its HTML; any other value gets the app
   * shell, which renders the "nothing matches" state. Null: not a variant request.
   */
  function variantPage(url: URL, pathname: string): Buffer | null {
    for (const param of VARIANT_PARAMS) {
      const value = url.searchParams.get(param);
      if (value === null) continue;
      const dir = resolve(root, `.${pathname}`, VARIANTS_DIR, param);
      if (!inRoot(dir) || !existsSync(dir)) continue;
      const file = resolve(dir, `${value}.html`);
      if (isSlug(value) && file.startsWith(dir + sep) && existsSync(file)) {
        return readFileSync(file);
      }
      return shellPage;
    }
    return null;
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    for (const [name, value] of buildHeaders) res.setHeader(name, value);
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
    if (isServerOnly(pathname)) {
      fallback(req, res, pathname);
      return;
    }
    compress(req as never, res as never, () => {
      const variant = variantPage(url, pathname);
      if (variant) send(req, res, 200, contentType('.html'), variant);
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
