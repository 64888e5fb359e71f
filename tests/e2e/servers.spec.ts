/**
 * nginx with deploy/nginx.conf against `npm start`'s server: the same answers, headers and all,
 * and nginx holding against hostile request paths as the Node server does (its own fuzz test
 * is a unit test). Runs in the `nginx` project, which has both servers.
 */
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import {
  ASSETS_DIR,
  ASSETS_PREFIX,
  FEED_ATOM,
  FEED_JSON,
  NOT_FOUND_FILE,
  SERVER_DIR,
  SERVICE_WORKER_FILE,
  VARIANTS_DIR,
} from '../../src/lib/site-files';
import { cacheControl, contentType } from '../../src/server/site-rules';
import { nginxHasBrotli } from '../support/nginx';
import { rawRequest } from '../support/raw-http';
import { expect, SEED_SLUG, test } from './fixtures';

const NODE_ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
const article = `/articles/${SEED_SLUG}`;

/** Headers both servers must agree on; the rest (Date, ETag, Server…) may differ. */
const COMPARED = [
  'content-type',
  'cache-control',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'permissions-policy',
  'x-frame-options',
];

test.describe('nginx and npm start', { tag: '@served' }, () => {
  test('answer every kind of URL alike: status, type, caching and security headers', async ({
    request,
    baseURL,
  }) => {
    // The app's entry, named in the article's bootstrap script.
    const html = await (await request.get(article)).text();
    const script = new RegExp(`"(${ASSETS_PREFIX}[^"]+\\.js)"`).exec(html)?.[1];
    expect(script, 'an asset URL in the article').toBeTruthy();
    const paths = [
      '/',
      article,
      `${article}/`,
      `${article}/sections/growing-tensions-with-the-us`,
      `${article}/quotes`,
      `${article}/quotes?speaker=donald-trump`,
      `${article}/quotes?speaker=nobody`,
      `${article}/quotes?speaker=`,
      `${article}/sections/nope`,
      `${article}/sections`,
      `${article}/sections/`,
      `${article}/quotes/nope`,
      `${article}/quotes/${VARIANTS_DIR}/speaker/donald-trump.html`,
      `/${NOT_FOUND_FILE}`,
      '/articles/nope',
      '/articles/nope/quotes?speaker=donald-trump',
      '/nope/deeper/still',
      '/saved',
      '/search',
      script!,
      `${ASSETS_PREFIX}missing-0000.js`,
      `/content/articles/${SEED_SLUG}.json`,
      '/content/articles/missing.json',
      `/${SERVICE_WORKER_FILE}`,
      '/manifest.webmanifest',
      '/favicon.svg',
      '/icons/icon-192.png',
      '/robots.txt',
      '/sitemap.xml',
      `/${FEED_ATOM}`,
      `/${FEED_JSON}`,
      '/pagefind/pagefind.js',
    ];
    for (const path of paths) {
      const [node, nginx] = await Promise.all([
        request.get(NODE_ORIGIN + path, { maxRedirects: 0 }),
        request.get(baseURL + path, { maxRedirects: 0 }),
      ]);
      expect(nginx.status(), path).toBe(node.status());
      const pick = (headers: Record<string, string>) =>
        Object.fromEntries(COMPARED.map((name) => [name, headers[name]]));
      expect(pick(nginx.headers()), path).toEqual(pick(node.headers()));
      // Not-found pages too: the same page answers (page-rules.test.ts has the whole table).
      expect(await nginx.body(), path).toEqual(await node.body());
      // Every page, found or not, names the feeds for readers and browsers to discover.
      if (node.headers()['content-type']?.startsWith('text/html')) {
        const head = (await node.text()).split('</head>')[0]!;
        for (const [type, file] of [
          ['application/atom+xml', FEED_ATOM],
          ['application/feed+json', FEED_JSON],
        ]) {
          expect(head, path).toContain(
            `<link rel="alternate" type="${type}" title="Dispatch" href="/${file}">`,
          );
        }
      }
    }
  });

  test('serve the feeds with their types, compressed, and a reader polling gets 304', async ({
    request,
    baseURL,
  }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const [file, type] of [
        [FEED_ATOM, 'application/atom+xml'],
        [FEED_JSON, 'application/feed+json'],
      ]) {
        const url = `${origin}/${file}`;
        const first = await request.get(url, { headers: { 'Accept-Encoding': 'gzip' } });
        expect(first.status(), url).toBe(200);
        expect(first.headers()['content-type'], url).toBe(type);
        expect(first.headers()['content-encoding'], url).toBe('gzip');
        expect(first.headers()['cache-control'], url).toBe('no-cache');
        expect(first.headers()['last-modified'], url).toBeTruthy();
        const etag = first.headers().etag;
        expect(etag, url).toBeTruthy();
        // A reader asks again with what it holds: no body, unless the feed changed.
        const again = await request.get(url, {
          headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag! },
        });
        expect(again.status(), url).toBe(304);
        expect((await again.body()).length, url).toBe(0);
      }
    }
  });

  test('compress text, and answer other methods with 405', async ({ request, baseURL }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      const page = await request.get(`${origin}${article}`, {
        headers: { 'Accept-Encoding': 'gzip' },
      });
      expect(page.headers()['content-encoding'], origin).toBe('gzip');
      const post = await request.post(`${origin}/`, { data: 'x' });
      expect(post.status(), origin).toBe(405);
      expect(post.headers().allow, origin).toBe('GET, HEAD');
    }
  });
});

/** The build both servers serve (playwright.config.ts: `npm run serve` and nginx, on `dist/`). */
const dist = join(import.meta.dirname, '../../dist');

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as sent: nothing here decodes it. */
  body: Buffer;
}

/** One request, its body as the server sent it (Playwright's own client decodes bodies). */
function raw(
  origin: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: hostname, port: Number(port), path, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const decoded = ({ headers, body }: RawAnswer) =>
  headers['content-encoding'] === 'br'
    ? brotliDecompressSync(body)
    : headers['content-encoding'] === 'gzip'
      ? gunzipSync(body)
      : body;

/** The first load's files: the entry the article's bootstrap names, and all it imports. */
function firstLoad(): { scripts: string[]; stylesheets: string[] } {
  const html = readFileSync(join(dist, 'articles', SEED_SLUG, 'index.html'), 'utf8');
  const entry = /var e="\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('the article’s bootstrap names no entry');
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string; css?: string[]; imports?: string[] }
  >;
  const byFile = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
  const scripts = new Set<string>();
  const stylesheets = new Set<string>();
  const visit = (file: string) => {
    if (scripts.has(file)) return;
    scripts.add(file);
    const chunk = byFile.get(file);
    for (const css of chunk?.css ?? []) stylesheets.add(css);
    for (const key of chunk?.imports ?? []) visit(manifest[key]!.file);
  };
  visit(entry);
  return { scripts: [...scripts], stylesheets: [...stylesheets] };
}

function largest(files: string[], what: string): string {
  if (files.length === 0) throw new Error(`the first load has no ${what}`);
  return files.reduce((a, b) =>
    statSync(join(dist, b)).size > statSync(join(dist, a)).size ? b : a,
  );
}

/** A script, a stylesheet, a page and a JSON document, each by URL and file in `dist/`. */
function compressedFiles() {
  const { scripts, stylesheets } = firstLoad();
  const script = largest(scripts, 'script');
  const stylesheet = largest(stylesheets, 'stylesheet');
  return [
    { kind: 'the largest first-load script', url: `/${script}`, file: script },
    { kind: 'the first load’s stylesheet', url: `/${stylesheet}`, file: stylesheet },
    { kind: 'the article', url: article, file: `articles/${SEED_SLUG}/index.html` },
    {
      kind: 'the article’s JSON',
      url: `/content/articles/${SEED_SLUG}.json`,
      file: `content/articles/${SEED_SLUG}.json`,
    },
  ];
}

/**
 * What each request takes. nginx sends brotli through Debian's module, which CI installs; where
 * it is not installed, the config leaves it out (tests/support/nginx.ts) and a request for
 * brotli alone gets the file.
 */
function asks(origin: string) {
  const brotli = origin === NODE_ORIGIN || Boolean(process.env.CI) || nginxHasBrotli();
  return [
    brotli
      ? { accept: 'br', coding: 'br', suffix: '.br' }
      : { accept: 'br', coding: undefined, suffix: '' },
    { accept: 'gzip', coding: 'gzip', suffix: '.gz' },
    { accept: 'identity', coding: undefined, suffix: '' },
  ] as const;
}

test.describe('precompressed copies, sent as they are by both servers', { tag: '@served' }, () => {
  test('the build wrote both copies of each file asked for here', () => {
    for (const { file } of compressedFiles()) {
      for (const suffix of ['.br', '.gz']) {
        expect(existsSync(join(dist, `${file}${suffix}`)), `${file}${suffix}`).toBe(true);
      }
    }
  });

  test('a script, a stylesheet, the article and its JSON: each encoding decodes to the file', async ({
    request,
    baseURL,
  }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const { url, file } of compressedFiles()) {
        const bytes = readFileSync(join(dist, file));
        const tags = new Map<string, string>();
        for (const { accept, coding, suffix } of asks(origin)) {
          const why = `${origin}${url}, Accept-Encoding: ${accept}`;
          const headers = { 'Accept-Encoding': accept };
          // Playwright decodes what it is sent: the same bytes as the file.
          const response = await request.get(origin + url, { headers });
          expect(response.status(), why).toBe(200);
          expect(response.headers()['content-encoding'], why).toBe(coding);
          expect(response.headers()['content-type'], why).toBe(
            contentType(/\.[^/]+$/.test(url) ? url : '.html'),
          );
          expect(response.headers()['cache-control'], why).toBe(cacheControl(url));
          expect(response.headers().vary, why).toMatch(/accept-encoding/i);
          expect(response.headers()['x-content-type-options'], why).toBe('nosniff');
          expect((await response.body()).equals(bytes), why).toBe(true);
          // What was sent is the build's copy as it is, with its length.
          const sent = await raw(origin, url, headers);
          expect(sent.body.equals(readFileSync(join(dist, `${file}${suffix}`))), why).toBe(true);
          expect(decoded(sent).equals(bytes), why).toBe(true);
          expect(sent.headers['content-length'], why).toBe(String(sent.body.length));
          const etag = response.headers().etag;
          expect(etag, why).toBeTruthy();
          expect(tags.get(suffix) ?? etag, why).toBe(etag);
          tags.set(suffix, etag!);
        }
        // An ETag per encoding: a cache never takes one encoding's bytes for another's.
        expect(new Set(tags.values()).size, `${origin}${url}`).toBe(tags.size);
      }
    }
  });

  test('a conditional request with the ETag of the encoding asked for gets 304', async ({
    request,
    baseURL,
  }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const { url } of compressedFiles()) {
        for (const { accept } of asks(origin)) {
          const why = `${origin}${url}, Accept-Encoding: ${accept}`;
          const headers = { 'Accept-Encoding': accept };
          const etag = (await request.get(origin + url, { headers })).headers().etag!;
          const again = await request.get(origin + url, {
            headers: { ...headers, 'If-None-Match': etag },
          });
          expect(again.status(), why).toBe(304);
          expect((await again.body()).length, why).toBe(0);
          expect(again.headers().etag, why).toBe(etag);
          expect(again.headers().vary, why).toMatch(/accept-encoding/i);
          expect(again.headers()['cache-control'], why).toBe(cacheControl(url));
        }
        // Another encoding's ETag names other bytes: the whole answer.
        const gzip = (
          await request.get(origin + url, { headers: { 'Accept-Encoding': 'gzip' } })
        ).headers().etag!;
        const other = await request.get(origin + url, {
          headers: { 'Accept-Encoding': 'identity', 'If-None-Match': gzip },
        });
        expect(other.status(), `${origin}${url}`).toBe(200);
      }
    }
  });

  test('HEAD answers with the headers GET would, and no body', async ({ baseURL }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const { url } of compressedFiles()) {
        for (const { accept } of asks(origin)) {
          const why = `${origin}${url}, Accept-Encoding: ${accept}`;
          const headers = { 'Accept-Encoding': accept };
          const [get, head] = await Promise.all([
            raw(origin, url, headers),
            raw(origin, url, headers, 'HEAD'),
          ]);
          expect(head.status, why).toBe(200);
          expect(head.body.length, why).toBe(0);
          for (const name of ['content-length', 'content-encoding', 'content-type', 'etag']) {
            expect(head.headers[name], `${why}: ${name}`).toBe(get.headers[name]);
          }
        }
      }
    }
  });

  test('a range of a file sent as it is; an encoded answer is sent whole', async ({ baseURL }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const { url, file } of compressedFiles()) {
        const bytes = readFileSync(join(dist, file));
        for (const { accept, coding, suffix } of asks(origin)) {
          const why = `${origin}${url}, Accept-Encoding: ${accept}`;
          const answer = await raw(origin, url, { 'Accept-Encoding': accept, Range: 'bytes=0-99' });
          if (coding === undefined) {
            expect(answer.status, why).toBe(206);
            expect(answer.headers['content-range'], why).toBe(`bytes 0-99/${bytes.length}`);
            expect(answer.body.equals(bytes.subarray(0, 100)), why).toBe(true);
          } else {
            // A range of the encoded bytes would be no use to a reader: the whole copy, 200.
            expect(answer.status, why).toBe(200);
            expect(answer.headers['content-encoding'], why).toBe(coding);
            expect(answer.headers['content-range'], why).toBeUndefined();
            expect(answer.headers['accept-ranges'], why).toBeUndefined();
            expect(answer.body.equals(readFileSync(join(dist, `${file}${suffix}`))), why).toBe(
              true,
            );
          }
        }
        // Past the end of the file: nothing to send.
        const beyond = await raw(origin, url, {
          'Accept-Encoding': 'identity',
          Range: `bytes=${bytes.length}-`,
        });
        expect(beyond.status, `${origin}${url}`).toBe(416);
      }
    }
  });

  test('a file with no copy is sent as it is, to a browser that takes both encodings', async ({
    request,
    baseURL,
  }) => {
    // A picture (never compressed), and a script too small to gain, if the build has one.
    const small = readdirSync(join(dist, ASSETS_DIR))
      .filter((name) => name.endsWith('.js') && !existsSync(join(dist, ASSETS_DIR, `${name}.gz`)))
      .map((name) => `${ASSETS_DIR}/${name}`);
    const files = ['icons/icon-192.png', ...small.slice(0, 1)];
    for (const file of files) {
      expect(existsSync(join(dist, `${file}.br`)), file).toBe(false);
      expect(existsSync(join(dist, `${file}.gz`)), file).toBe(false);
    }
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const file of files) {
        const why = `${origin}/${file}`;
        const headers = { 'Accept-Encoding': 'gzip, deflate, br, zstd' };
        const response = await request.get(`${origin}/${file}`, { headers });
        expect(response.status(), why).toBe(200);
        expect(response.headers()['content-type'], why).toBe(contentType(`/${file}`));
        expect(response.headers()['content-encoding'], why).toBeUndefined();
        const sent = await raw(origin, `/${file}`, headers);
        expect(sent.body.equals(readFileSync(join(dist, file))), why).toBe(true);
      }
    }
  });

  test('a copy asked for by its own name is a missing file', async ({ request, baseURL }) => {
    for (const origin of [NODE_ORIGIN, baseURL!]) {
      for (const { url } of compressedFiles()) {
        for (const suffix of ['.br', '.gz']) {
          const path = `${/\.[^/]+$/.test(url) ? url : `${url}/index.html`}${suffix}`;
          const response = await request.get(origin + path);
          expect(response.status(), origin + path).toBe(404);
          expect(await response.text(), origin + path).toBe('Not found\n');
        }
      }
    }
  });
});

const segment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E%2e%2f',
    '..%2f',
    '..%5c',
    '%00',
    '%',
    '%zz',
    '%c0%ae%c0%ae',
    'articles',
    SEED_SLUG,
    'quotes',
    'sections',
    VARIANTS_DIR,
    SERVER_DIR,
    'headers.nginx',
    'package.json',
    'etc',
    'passwd',
    '?speaker=..%2f..%2f..%2fpackage',
  ),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);
const target = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 8192 }).map((n) => `/${'a'.repeat(n)}`) },
);
const method = fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'BREW');

test.describe('nginx over arbitrary requests', { tag: '@served' }, () => {
  test('never answers 5xx and never serves a file outside the build', async ({ baseURL }) => {
    const port = Number(new URL(baseURL!).port);
    await fc.assert(
      fc.asyncProperty(method, target, async (verb, path) => {
        const response = await rawRequest(port, verb, path);
        expect([200, 304, 400, 404, 405, 414], `${verb} ${path}`).toContain(response.status);
        // The project's package.json sits beside the build; /etc/passwd anywhere.
        expect(response.body).not.toContain('"devDependencies"');
        expect(response.body).not.toMatch(/root:.*:0:0:/);
        expect((await rawRequest(port, 'GET', '/')).status).toBe(200);
      }),
      { numRuns: 300 },
    );
  });
});
