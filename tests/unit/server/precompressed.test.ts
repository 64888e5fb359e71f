// @vitest-environment node
/**
 * The build's brotli and gzip copies (build/precompress.ts), as `npm start`'s server and nginx
 * with deploy/nginx.conf (where nginx is installed) send them: each in place of its file, as it
 * is, with the file's type, `Content-Encoding`, `Vary`, its own ETag and length; 304, HEAD and
 * ranges; files with no copy; the pages that answer for other paths. The e2e suite asks the same
 * of a real build (servers.spec.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDeployFiles } from '../../../src/build/deploy-files';
import { precompress } from '../../../src/build/precompress';
import {
  ASSETS_PREFIX,
  FEED_JSON,
  NOT_FOUND_FILE,
  SHELL_FILE,
  SHELL_ROUTES_FILE,
  VARIANTS_DIR,
} from '../../../src/lib/site-files';
import { BROTLI_MARK, renderNginxConfig, withoutBrotli } from '../../../src/server/nginx-config';
import {
  acceptedCopies,
  cacheControl,
  contentType,
  PRECOMPRESSED,
} from '../../../src/server/site-rules';
import { createSiteServer } from '../../../src/server/site-server';
import { freePort } from '../../bench/support';
import { nginxBinary, nginxHasBrotli, prepareNginx } from '../../support/nginx';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request, its body as sent: no client here decodes it. */
function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const decode = (response: Raw) =>
  response.headers['content-encoding'] === 'br'
    ? brotliDecompressSync(response.body)
    : response.headers['content-encoding'] === 'gzip'
      ? gunzipSync(response.body)
      : response.body;

/** Text of some size that compresses as the build's files do. */
const filler = (bytes: number, seed: string) => {
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${seed} ${i % 17} dispatch story ${i} `;
  return out.slice(0, bytes);
};
const page = (title: string) =>
  `<!doctype html><html lang="en"><head><title>${title}</title></head><body>${filler(6_000, title)}</body></html>`;

let base: string;
let root: string;
const put = (file: string, contents: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), contents);
};
const file = (path: string) => readFileSync(join(root, path));

/** Files of each kind, by URL, with the file that answers. */
const FILES = [
  { kind: 'a script', url: `${ASSETS_PREFIX}app-1234.js`, file: 'assets/app-1234.js' },
  { kind: 'a stylesheet', url: `${ASSETS_PREFIX}app-1234.css`, file: 'assets/app-1234.css' },
  { kind: 'an article page', url: '/articles/a', file: 'articles/a/index.html' },
  { kind: 'JSON', url: '/content/articles/a.json', file: 'content/articles/a.json' },
  { kind: 'the JSON Feed', url: `/${FEED_JSON}`, file: FEED_JSON },
];
/** What a request asks, and the copy it takes (none: the file). */
const ASKS = [
  { accept: 'br', suffix: '.br', coding: 'br' },
  { accept: 'gzip', suffix: '.gz', coding: 'gzip' },
  { accept: 'gzip, deflate, br, zstd', suffix: '.br', coding: 'br' },
  { accept: 'br;q=0, gzip', suffix: '.gz', coding: 'gzip' },
  { accept: 'identity', suffix: '', coding: undefined },
  { accept: '', suffix: '', coding: undefined },
] as const;

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'dispatch-precompressed-'));
  // nginx's workers run as another user where the tests run as root: they must read the build.
  chmodSync(base, 0o755);
  root = join(base, 'dist');
  put('index.html', page('front'));
  put(SHELL_FILE, page('shell'));
  put(NOT_FOUND_FILE, page('site 404'));
  put(SHELL_ROUTES_FILE, '[]');
  put('articles/a/index.html', page('article a'));
  put('articles/a/quotes/index.html', page('gallery'));
  put(`articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe.html`, page('jane'));
  put('assets/app-1234.js', filler(40_000, 'const story ='));
  put('assets/app-1234.css', filler(9_000, '.story{color:red}'));
  put('assets/tiny-1234.js', 'export const a = 1;');
  put('content/articles/a.json', JSON.stringify({ text: filler(5_000, 'json') }));
  put(FEED_JSON, JSON.stringify({ items: filler(5_000, 'feed') }));
  put('icons/icon-192.png', filler(3_000, 'not really a picture'));
  await writeDeployFiles(root, {
    hashes: { scripts: [], styles: [] },
    pages: ['/', '/articles/a', '/articles/a/quotes', '/articles/a/quotes?speaker=jane-doe'],
    notFound: [],
  });
  await precompress(root, null);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** What both servers must answer alike; `brotli` false for nginx without its brotli module. */
function servesTheCopies(portOf: () => number, brotli: boolean) {
  const copyFor = (ask: (typeof ASKS)[number]) =>
    ask.coding === 'br' && !brotli
      ? ask.accept.includes('gzip')
        ? { suffix: '.gz', coding: 'gzip' }
        : { suffix: '', coding: undefined }
      : ask;

  it.each(FILES)(
    'sends $kind as the copy the request takes, decoding to the file, with its type and caching',
    async ({ url, file: path }) => {
      const tags = new Set<string>();
      for (const ask of ASKS) {
        const { suffix, coding } = copyFor(ask);
        const response = await get(portOf(), url, { 'Accept-Encoding': ask.accept });
        const why = `${url} for "${ask.accept}"`;
        expect(response.status, why).toBe(200);
        expect(response.headers['content-encoding'], why).toBe(coding);
        expect(response.body.equals(file(`${path}${suffix}`)), why).toBe(true);
        expect(decode(response).equals(file(path)), why).toBe(true);
        expect(response.headers['content-length'], why).toBe(String(response.body.length));
        expect(response.headers['content-type'], why).toBe(
          contentType(url.includes('.') ? url : '.html'),
        );
        expect(response.headers['cache-control'], why).toBe(cacheControl(url));
        expect(response.headers.vary, why).toMatch(/accept-encoding/i);
        expect(response.headers['x-content-type-options'], why).toBe('nosniff');
        tags.add(`${suffix} ${response.headers.etag}`);
      }
      // One ETag per copy sent, and no two alike.
      const bySuffix = new Map([...tags].map((tag) => tag.split(' ') as [string, string]));
      expect(bySuffix.size, url).toBe(tags.size);
      expect(new Set(bySuffix.values()).size, url).toBe(bySuffix.size);
    },
  );

  it.each(FILES)('answers a request for $kind with its ETag with 304', async ({ url }) => {
    for (const ask of ASKS) {
      const headers = { 'Accept-Encoding': ask.accept };
      const { etag } = (await get(portOf(), url, headers)).headers;
      expect(etag, url).toBeTruthy();
      const again = await get(portOf(), url, { ...headers, 'If-None-Match': etag! });
      const why = `${url} for "${ask.accept}"`;
      expect(again.status, why).toBe(304);
      expect(again.body.length, why).toBe(0);
      expect(again.headers.etag, why).toBe(etag);
      expect(again.headers.vary, why).toMatch(/accept-encoding/i);
      expect(again.headers['cache-control'], why).toBe(cacheControl(url));
    }
    // Another encoding's ETag is another representation: the whole answer.
    const br = (await get(portOf(), url, { 'Accept-Encoding': 'br' })).headers.etag!;
    const other = await get(portOf(), url, { 'Accept-Encoding': 'gzip', 'If-None-Match': br });
    expect(other.status, url).toBe(200);
  });

  it('answers HEAD with the headers of the copy GET would send, and no body', async () => {
    for (const { url } of FILES) {
      for (const ask of ASKS) {
        const headers = { 'Accept-Encoding': ask.accept };
        const [full, head] = [
          await get(portOf(), url, headers),
          await get(portOf(), url, headers, 'HEAD'),
        ];
        const why = `${url} for "${ask.accept}"`;
        expect(head.status, why).toBe(200);
        expect(head.body.length, why).toBe(0);
        for (const name of ['content-length', 'content-encoding', 'content-type', 'etag']) {
          expect(head.headers[name], `${why}: ${name}`).toBe(full.headers[name]);
        }
      }
    }
  });

  it('sends a range of a file sent as it is, and an encoded one whole', async () => {
    const url = `${ASSETS_PREFIX}app-1234.js`;
    const js = file('assets/app-1234.js');
    const part = await get(portOf(), url, { 'Accept-Encoding': 'identity', Range: 'bytes=10-109' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-109/${js.length}`);
    expect(part.body.equals(js.subarray(10, 110))).toBe(true);
    const open = await get(portOf(), url, { Range: 'bytes=39990-' });
    expect(open.status).toBe(206);
    expect(open.body.equals(js.subarray(39_990))).toBe(true);
    for (const ask of ASKS.filter(({ coding }) => coding !== undefined)) {
      const whole = await get(portOf(), url, {
        'Accept-Encoding': ask.accept,
        Range: 'bytes=0-99',
      });
      const why = `a range for "${ask.accept}"`;
      if (copyFor(ask).coding === undefined) {
        // nginx without brotli, asked for brotli alone: the file, so its range.
        expect(whole.status, why).toBe(206);
        continue;
      }
      expect(whole.status, why).toBe(200);
      expect(whole.headers['content-encoding'], why).toBe(copyFor(ask).coding);
      expect(whole.headers['content-range'], why).toBeUndefined();
      expect(whole.headers['accept-ranges'], why).toBeUndefined();
      expect(decode(whole).equals(js), why).toBe(true);
    }
    // Beyond the end: nothing to send.
    const beyond = await get(portOf(), url, { Range: `bytes=${js.length}-` });
    expect(beyond.status).toBe(416);
  });

  it('sends a file with no copy as it is: small ones, pictures', async () => {
    for (const [url, path] of [
      [`${ASSETS_PREFIX}tiny-1234.js`, 'assets/tiny-1234.js'],
      ['/icons/icon-192.png', 'icons/icon-192.png'],
    ] as const) {
      const response = await get(portOf(), url, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(response.status, url).toBe(200);
      expect(response.headers['content-encoding'], url).toBeUndefined();
      expect(response.body.equals(file(path)), url).toBe(true);
    }
  });

  it('sends the pages that answer for other paths as their copies', async () => {
    for (const [url, path, status] of [
      ['/articles/nope', NOT_FOUND_FILE, 404],
      [
        '/articles/a/quotes?speaker=jane-doe',
        `articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe.html`,
        200,
      ],
      ['/articles/a/quotes?speaker=nobody', SHELL_FILE, 200],
    ] as const) {
      for (const ask of ASKS) {
        const { suffix, coding } = copyFor(ask);
        const response = await get(portOf(), url, { 'Accept-Encoding': ask.accept });
        const why = `${url} for "${ask.accept}"`;
        expect(response.status, why).toBe(status);
        expect(response.headers['content-encoding'], why).toBe(coding);
        expect(response.body.equals(file(`${path}${suffix}`)), why).toBe(true);
        expect(response.headers['content-type'], why).toBe('text/html; charset=utf-8');
        expect(response.headers['cache-control'], why).toBe('no-cache');
        expect(response.headers.vary, why).toMatch(/accept-encoding/i);
      }
    }
  });

  it('answers a request for a copy by its own name as a missing file', async () => {
    for (const { file: path } of FILES) {
      for (const { suffix } of PRECOMPRESSED) {
        const response = await get(portOf(), `/${path}${suffix}`, { 'Accept-Encoding': 'br' });
        expect(response.status, path).toBe(404);
        expect(response.headers['content-type'], path).toBe('text/plain; charset=utf-8');
        expect(response.body.toString(), path).toBe('Not found\n');
      }
    }
  });
}

describe('npm start’s server', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createSiteServer(root);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  servesTheCopies(() => port, true);

  it('ranks the codings as the request does, refusing those at q=0', async () => {
    const url = `${ASSETS_PREFIX}app-1234.js`;
    for (const [accept, coding] of [
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['br;q=0.5, gzip;q=0.4', 'br'],
      ['*', 'br'],
      ['*, br;q=0', 'gzip'],
      ['x-gzip', 'gzip'],
      ['BR', 'br'],
      ['gzip;q=0, br;q=0', undefined],
      ['deflate, zstd', undefined],
    ] as const) {
      const response = await get(port, url, { 'Accept-Encoding': accept });
      expect(response.headers['content-encoding'], accept).toBe(coding);
    }
  });

  it('declines a range it cannot answer exactly, and sends the whole file', async () => {
    const url = `${ASSETS_PREFIX}app-1234.js`;
    const js = file('assets/app-1234.js');
    for (const range of ['bytes=-100', 'bytes=0-0', 'bytes=9-5', 'bytes=0-1,5-6', 'lines=1-2']) {
      const response = await get(port, url, { Range: range });
      expect(response.status, range).toBe(200);
      expect(response.body.equals(js), range).toBe(true);
    }
    const conditional = await get(port, url, { Range: 'bytes=0-9', 'If-Range': '"old"' });
    expect(conditional.status).toBe(200);
  });
});

describe.skipIf(!nginxBinary())('nginx with deploy/nginx.conf', () => {
  let nginx: ChildProcess;
  let exited: Promise<unknown>;
  let prefix: string;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    const setup = prepareNginx(root, port);
    prefix = setup.prefix;
    const check = spawnSync(nginxBinary()!, ['-t', ...setup.args], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    nginx = spawn(nginxBinary()!, setup.args, { stdio: 'ignore' });
    exited = new Promise((resolve) => nginx.once('exit', resolve));
    // Answering: nginx starts in the background.
    for (let tries = 0; ; tries++) {
      const status = await get(port, '/').then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) break;
      if (tries > 200) throw new Error(`nginx did not answer (${status})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 20_000);
  afterAll(async () => {
    nginx.kill('SIGQUIT');
    await exited;
    rmSync(prefix, { recursive: true, force: true });
  });

  servesTheCopies(() => port, nginxHasBrotli());
});

describe('the nginx config without the brotli module', () => {
  it('loses only the lines that need it', () => {
    const config = renderNginxConfig();
    const marked = config.split('\n').filter((line) => line.endsWith(BROTLI_MARK));
    expect(marked.map((line) => line.trim().split(' ')[0])).toEqual([
      'load_module',
      'brotli_static',
    ]);
    expect(withoutBrotli(config).split('\n')).toEqual(
      config.split('\n').filter((line) => !marked.includes(line)),
    );
    expect(withoutBrotli(config)).toContain('gzip_static on;');
  });

  it.skipIf(!nginxBinary())('is one nginx accepts', () => {
    const setup = prepareNginx(root, 8081);
    try {
      const source = readFileSync(setup.config, 'utf8');
      writeFileSync(setup.config, withoutBrotli(source));
      const check = spawnSync(nginxBinary()!, ['-t', ...setup.args], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
    } finally {
      rmSync(setup.prefix, { recursive: true, force: true });
    }
  });
});

describe('Accept-Encoding', () => {
  it('is read for any header without throwing, and names only copies the request takes', () => {
    const token = fc.constantFrom('br', 'gzip', 'x-gzip', 'deflate', 'identity', '*', 'BR', '');
    const q = fc.oneof(
      fc.constant(''),
      fc.constantFrom(';q=0', ';q=1', ';q=0.5', ';q=0.000', ' ; q = 0.2', ';q=x'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(token, q), { maxLength: 6 }), fc.string(), (parts, junk) => {
        for (const header of [parts.map(([t, w]) => `${t}${w}`).join(', '), junk]) {
          const copies = acceptedCopies(header);
          expect(new Set(copies).size).toBe(copies.length);
          for (const copy of copies) expect(PRECOMPRESSED).toContain(copy);
        }
      }),
    );
    expect(acceptedCopies(undefined)).toEqual([]);
    expect(acceptedCopies('gzip, br').map(({ coding }) => coding)).toEqual(['br', 'gzip']);
  });
});
