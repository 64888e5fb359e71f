/**
 * nginx with deploy/nginx.conf against `npm start`'s server: the same answers, headers and all,
 * and nginx holding against hostile request paths as the Node server does (its own fuzz test
 * is a unit test). Runs in the `nginx` project, which has both servers.
 */
import fc from 'fast-check';
import {
  ASSETS_PREFIX,
  FEED_ATOM,
  FEED_JSON,
  NOT_FOUND_FILE,
  SERVER_DIR,
  SERVICE_WORKER_FILE,
  VARIANTS_DIR,
} from '../../src/lib/site-files';
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
