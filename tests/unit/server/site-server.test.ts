// @vitest-environment node
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ASSETS_DIR,
  ASSETS_PREFIX,
  HEADERS_JSON,
  NOT_FOUND_FILE,
  SERVER_DIR,
  SHELL_FILE,
  SHELL_ROUTES_FILE,
  STATIC_HOST_HEADERS,
  VARIANTS_DIR,
} from '../../../src/lib/site-files';
import { securityHeaders } from '../../../src/server/site-rules';
import { createSiteServer } from '../../../src/server/site-server';
import { rawRequest } from '../../support/raw-http';

const SECRET = 'SECRET-OUTSIDE-THE-BUILD';
const CSP = "default-src 'self'; script-src 'self'";
let base: string;
let root: string;
let server: Server;
let port: number;

function file(path: string, contents: string) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, contents);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'dispatch-site-'));
  root = join(base, 'dist');
  // What no request may ever reach: beside the build, and a sibling whose name starts alike.
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'dist-other'));
  writeFileSync(join(base, 'dist-other', 'index.html'), SECRET);
  file('index.html', '<title>front</title>');
  file(SHELL_FILE, '<title>shell</title>');
  file(NOT_FOUND_FILE, '<title>site 404</title>');
  file(SHELL_ROUTES_FILE, '[]');
  file(HEADERS_JSON, JSON.stringify({ headers: securityHeaders(CSP) }));
  file(STATIC_HOST_HEADERS, '/*');
  file('articles/a/index.html', '<title>article a</title>');
  file(`articles/a/sections/${NOT_FOUND_FILE}`, '<title>sections 404</title>');
  file('articles/a/sections/one/index.html', '<title>section one</title>');
  file('articles/a/quotes/index.html', '<title>gallery</title>');
  file(`articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe.html`, '<title>jane</title>');
  file('articles/статья/index.html', '<title>cyrillic</title>');
  file(`${ASSETS_DIR}/app-1234.js`, 'console.log(1)');
  file('content/articles/a.json', '{}');
  server = createSiteServer(root);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(base, { recursive: true, force: true });
});

const get = (target: string, method = 'GET') => rawRequest(port, method, target);
const title = (body: string) => /<title>([^<]*)/.exec(body)?.[1];

describe('the site server', () => {
  it('serves clean URLs with and without a trailing slash, in any script', async () => {
    for (const path of ['/articles/a', '/articles/a/', '/articles/a/index.html']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(title(response.body)).toBe('article a');
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
    expect(title((await get('/articles/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F')).body)).toBe(
      'cyrillic',
    );
  });

  it('sends the build’s security headers on every answer, found or not', async () => {
    for (const path of ['/', '/articles/zzz', `${ASSETS_PREFIX}app-1234.js`, '/nope.json']) {
      const response = await get(path);
      expect(response.headers.get('content-security-policy'), path).toBe(CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('permissions-policy')).toContain('web-share=(self)');
    }
  });

  it('serves a build published while it runs: changed files whole, new files, new headers', async () => {
    const before = await get('/content/articles/a.json');
    expect(before.body).toBe('{}');
    file('content/articles/a.json', '{"edited": "a longer document than before"}');
    file('content/articles/new.json', '{"new": true}');
    const after = await get('/content/articles/a.json');
    expect(after.body).toBe('{"edited": "a longer document than before"}');
    expect(after.headers.get('content-length')).toBe(String(Buffer.byteLength(after.body)));
    expect((await get('/content/articles/new.json')).status).toBe(200);
    // The new build's policy, from its headers file.
    const csp = `${CSP} 'sha256-new'`;
    file(HEADERS_JSON, JSON.stringify({ headers: securityHeaders(csp) }));
    expect((await get('/')).headers.get('content-security-policy')).toBe(csp);
    file(HEADERS_JSON, JSON.stringify({ headers: securityHeaders(CSP) }));
    expect((await get('/')).headers.get('content-security-policy')).toBe(CSP);
  });

  it('caches hashed assets for good and nothing else', async () => {
    const asset = await get(`${ASSETS_PREFIX}app-1234.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('/content/articles/a.json')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers an unknown path with the nearest 404 page, and a missing file in plain text', async () => {
    const section = await get('/articles/a/sections/nope');
    expect(section.status).toBe(404);
    expect(title(section.body)).toBe('sections 404');
    const story = await get('/articles/nope/');
    expect([story.status, title(story.body)]).toEqual([404, 'site 404']);
    const json = await get('/content/articles/nope.json');
    expect([json.status, json.headers.get('content-type'), json.body]).toEqual([
      404,
      'text/plain; charset=utf-8',
      'Not found\n',
    ]);
  });

  it('serves a known ?speaker= variant, and the app shell for any other value', async () => {
    expect(title((await get('/articles/a/quotes?speaker=jane-doe')).body)).toBe('jane');
    expect(title((await get('/articles/a/quotes/?speaker=jane-doe&x=1')).body)).toBe('jane');
    for (const value of ['nobody', '..%2F..%2Fsecret', 'jane-doe%2F..', '%00']) {
      const response = await get(`/articles/a/quotes?speaker=${value}`);
      expect([response.status, title(response.body)], value).toEqual([200, 'shell']);
    }
    // No value is no filter: the page itself (page-rules.test.ts has every case).
    expect(title((await get('/articles/a/quotes?speaker=')).body)).toBe('gallery');
  });

  it('never serves what the build wrote for servers', async () => {
    for (const path of [`/${STATIC_HOST_HEADERS}`, `/${HEADERS_JSON}`, `/${SERVER_DIR}/`]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('Content-Security-Policy');
    }
  });

  it('answers methods other than GET and HEAD with 405 and says which it allows', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'TRACE', 'BREW']) {
      const response = await get('/', method);
      expect([405, 400], method).toContain(response.status);
      if (response.status === 405) expect(response.headers.get('allow')).toBe('GET, HEAD');
    }
    const head = await get('/articles/a', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });

  it('rejects traversal, NUL bytes and malformed escapes, and keeps answering', async () => {
    for (const target of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/articles/..%2f..%2f..%2fsecret.txt',
      '/%00',
      '/a%00.html',
      '/%E0%A4%A',
      '/%',
      '/%zz',
      '/..%2fdist-other/index.html',
      '//etc/passwd',
    ]) {
      const response = await get(target);
      expect([400, 404], target).toContain(response.status);
      expect(response.body).not.toContain(SECRET);
    }
    expect((await get('/')).status).toBe(200);
  });
});

/** Request targets built from what breaks path handling: dots, escapes, NULs, long runs. */
const segment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '%2e%2e%2f',
    '..%2f',
    '..%5c',
    '..\\',
    '%5c',
    '%00',
    '%',
    '%zz',
    '%c0%ae%c0%ae',
    '%ff',
    'secret.txt',
    'dist-other',
    'articles',
    'a',
    'quotes',
    'sections',
    VARIANTS_DIR,
    SERVER_DIR,
    'index.html',
    NOT_FOUND_FILE,
    ASSETS_DIR,
    'app-1234.js',
    '?speaker=..%2f..',
    '?speaker=jane-doe',
    '#x',
  ),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent),
);
const target = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 8192 }).map((n) => `/${'a'.repeat(n)}`) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 100, max: 2700 }).map((n) => `/${'%2e%2e/'.repeat(n)}secret.txt`),
  },
);
const method = fc.constantFrom(
  'GET',
  'GET',
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'OPTIONS',
  'BREW',
);

describe('the site server, over arbitrary requests', () => {
  // 400 requests to a real server: well under a second alone, several on a busy machine.
  it(
    'never answers 5xx, never serves a file outside the build, and keeps working',
    { timeout: 30_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(method, target, async (verb, path) => {
          const response = await get(path, verb);
          expect([200, 304, 400, 404, 405, 414, 431], `${verb} ${path}`).toContain(response.status);
          expect(response.body).not.toContain(SECRET);
          const after = await get('/articles/a');
          expect(after.status).toBe(200);
        }),
        { numRuns: 400 },
      );
    },
  );
});
