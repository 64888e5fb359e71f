/**
 * Serves the production build (`dist/`) the way a static host would: clean URLs, long-lived
 * caching for hashed assets, compression, and an HTTP 404 for unknown paths.
 */
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { isSlug } from '../content/slug.ts';
import { VARIANTS_DIR } from './variants.ts';

const root = resolve(process.env.DIST_DIR ?? 'dist');
const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 4173);

if (!existsSync(resolve(root, 'index.html'))) {
  console.error(`No build in ${root}. Run \`npm run build\` first.`);
  process.exit(1);
}

const compress = compression();
const files = sirv(root, {
  etag: true,
  extensions: ['html'],
  setHeaders(res, pathname) {
    res.setHeader(
      'Cache-Control',
      pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  },
});

/** The nearest 404.html at or above the path's folder: a route family's own, else the site's. */
function notFoundPage(pathname: string): Buffer {
  let dir = pathname.replace(/\/[^/]*$/, '');
  while (dir) {
    const file = resolve(root, `.${dir}`, '404.html');
    if (file.startsWith(root) && existsSync(file)) return readFileSync(file);
    dir = dir.replace(/\/[^/]*$/, '');
  }
  return readFileSync(resolve(root, '404.html'));
}
const shellPage = readFileSync(resolve(root, 'shell.html'));
const shellRoutes = (
  JSON.parse(readFileSync(resolve(root, 'shell-routes.json'), 'utf8')) as string[]
).map((pattern) => new RegExp(`^${pattern.replace(/:[^/]+/g, '[^/]+')}/?$`));

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  type: string,
  body: Buffer | string,
) {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** No prerendered file: the app shell for browser-only routes, else a real 404. */
/** The path as the files are named (slugs may be in any script); null if it is not decodable. */
function decodedPath(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

function fallback(req: IncomingMessage, res: ServerResponse) {
  const pathname = decodedPath(new URL(req.url ?? '/', 'http://localhost')) ?? '/';
  if (shellRoutes.some((route) => route.test(pathname))) {
    send(req, res, 200, 'text/html; charset=utf-8', shellPage);
  } else if (/\.[a-z0-9]+$/i.test(pathname)) {
    // A missing file (an old asset, a JSON document) is a plain 404, never an HTML page.
    send(req, res, 404, 'text/plain; charset=utf-8', 'Not found');
  } else {
    send(req, res, 404, 'text/html; charset=utf-8', notFoundPage(pathname.replace(/\/+$/, '')));
  }
}

/**
 * A page with query-string variants (the quote gallery's `?speaker=`) has them prerendered in
 * `_variants/<param>/<value>.html`. A known value gets its HTML; an unknown one gets the app
 * shell, which renders the "nothing matches" state. Null: not a variant request.
 */
function variantPage(url: URL): Buffer | null {
  const [entry] = [...url.searchParams];
  const pathname = decodedPath(url);
  if (!entry || pathname === null) return null;
  const dir = resolve(root, `.${pathname}`, VARIANTS_DIR, entry[0]);
  if (!dir.startsWith(root) || !existsSync(dir)) return null;
  const file = resolve(dir, `${entry[1]}.html`);
  if (isSlug(entry[1]) && file.startsWith(dir) && existsSync(file)) {
    return readFileSync(file);
  }
  return shellPage;
}

const server = createServer((req, res) => {
  compress(req as never, res as never, () => {
    const variant = variantPage(new URL(req.url ?? '/', 'http://localhost'));
    if (variant) send(req, res, 200, 'text/html; charset=utf-8', variant);
    else files(req, res, () => fallback(req, res));
  });
});

server.listen(port, host, () => {
  console.log(`Dispatch is being served at http://${host}:${port}/`);
});
