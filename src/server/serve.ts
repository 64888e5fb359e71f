/**
 * Serves the production build (`dist/`) the way a static host would: clean URLs, long-lived
 * caching for hashed assets, compression, and an HTTP 404 for unknown paths.
 */
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import sirv from 'sirv';

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

function fallback(req: IncomingMessage, res: ServerResponse) {
  // A missing file (an old asset, a JSON document) is a plain 404, never the HTML shell.
  if (/\.[a-z0-9]+$/i.test(new URL(req.url ?? '/', 'http://x').pathname)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found');
    return;
  }
  // Until every route is prerendered, the app shell renders client-side routes and not-found.
  const shell = readFileSync(resolve(root, 'index.html'));
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : shell);
}

const server = createServer((req, res) => {
  compress(req as never, res as never, () => {
    files(req, res, () => fallback(req, res));
  });
});

server.listen(port, host, () => {
  console.log(`Dispatch is being served at http://${host}:${port}/`);
});
