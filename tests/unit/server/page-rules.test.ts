// @vitest-environment node
/**
 * One table of which file answers which request (not-found pages, query-string variants, the
 * app shell), run against the rules themselves (src/server/page-rules.ts), `npm start`'s server,
 * nginx with deploy/nginx.conf (where nginx is installed), and the `_redirects` the build
 * writes (through a model of a static host). A server that answers any row otherwise fails.
 * The build they serve is written by the rules' own writers, as the prerender step writes it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDeployFiles } from '../../../src/build/deploy-files';
import { isSlug, slugForTitle } from '../../../src/content/slug';
import {
  ASSETS_PREFIX,
  NOT_FOUND_FILE,
  SHELL_FILE,
  SHELL_ROUTES_FILE,
  STATIC_HOST_REDIRECTS,
  VARIANTS_DIR,
} from '../../../src/lib/site-files';
import {
  answer,
  ENCODED_SLUG,
  fillRoute,
  NOT_FOUND_FOLDERS,
  notFoundFile,
  notFoundPages,
  pageFile,
  SITE_NOT_FOUND,
  variantValue,
  type Answer,
} from '../../../src/server/page-rules';
import { isServerOnly } from '../../../src/server/site-rules';
import { createSiteServer } from '../../../src/server/site-server';
import { freePort } from '../../bench/support';
import { nginxBinary, prepareNginx } from '../../support/nginx';
import { rawRequest } from '../../support/raw-http';
import { staticHostAnswer } from '../../support/static-host';

const enc = encodeURIComponent;
const CYRILLIC = 'статья';
const ZOE = 'zoë-ündt';
const MARIA = 'мария';

/** Full stories (with sections, a gallery, quotations) and a story known only by its title. */
const FULL = ['a', CYRILLIC, 'b'];
const PAGES = [
  '/',
  '/saved',
  '/articles/a',
  '/articles/a/sections/one',
  '/articles/a/quotes',
  '/articles/a/quotes?speaker=jane-doe',
  `/articles/a/quotes?speaker=${enc(ZOE)}`,
  '/articles/a/quotes/q1',
  `/articles/${enc(CYRILLIC)}`,
  `/articles/${enc(CYRILLIC)}/quotes`,
  `/articles/${enc(CYRILLIC)}/quotes?speaker=${enc(MARIA)}`,
  '/articles/b',
  '/articles/b/quotes',
  '/articles/t',
];
/** As the prerender step lists them: a path in each route family's folder, per full story. */
const NOT_FOUND = FULL.flatMap((slug) =>
  NOT_FOUND_FOLDERS.map((folder) => `${fillRoute(folder, { slug })}/__unknown__`),
);

const page = (file: string): Answer => ({ file, status: 200 });
const notFound = (file: string): Answer => ({ file, status: 404 });
const PLAIN: Answer = { file: null, status: 404 };
const SHELL = page(`/${SHELL_FILE}`);
const A_SECTIONS_404 = notFound(`/articles/a/sections/${NOT_FOUND_FILE}`);
const A_QUOTES_404 = notFound(`/articles/a/quotes/${NOT_FOUND_FILE}`);
const SITE_404 = notFound(SITE_NOT_FOUND);
const GALLERY = page('/articles/a/quotes/index.html');
const JANE = page(`/articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe.html`);

/**
 * Request targets as a client writes them, and what answers each. A static host cannot keep a
 * file from its own URL: where it answers otherwise for that alone, the third column says how.
 */
const ROWS: [target: string, expected: Answer, onStaticHost?: Answer][] = [
  // Pages, with clean URLs.
  ['/', page('/index.html')],
  ['/articles/a', page('/articles/a/index.html')],
  ['/articles/a/', page('/articles/a/index.html')],
  ['/articles/a/sections/one', page('/articles/a/sections/one/index.html')],
  [`/articles/${enc(CYRILLIC)}`, page(`/articles/${CYRILLIC}/index.html`)],
  [`/${SHELL_FILE}`, SHELL],
  [`${ASSETS_PREFIX}app-1.js`, page(`${ASSETS_PREFIX}app-1.js`)],
  // Not found: a route family's page for its folder and everything in it, else the site's.
  ['/articles/a/sections/nope', A_SECTIONS_404],
  ['/articles/a/sections/nope/deeper/', A_SECTIONS_404],
  ['/articles/a/sections', A_SECTIONS_404],
  ['/articles/a/sections/', A_SECTIONS_404],
  ['/articles/a/quotes/nope', A_QUOTES_404],
  [
    `/articles/${enc(CYRILLIC)}/quotes/${enc('нет')}`,
    notFound(`/articles/${CYRILLIC}/quotes/${NOT_FOUND_FILE}`),
  ],
  ['/articles/b/sections', notFound(`/articles/b/sections/${NOT_FOUND_FILE}`)],
  ['/articles/a/nope', SITE_404],
  ['/articles/nope', SITE_404],
  ['/articles/nope/sections/x', SITE_404],
  ['/articles/t/quotes/x', SITE_404],
  ['/articles/t/quotes', SITE_404],
  ['/articles/A/sections/x', SITE_404],
  ['/nope/deeper/', SITE_404],
  // A missing file is plain text, wherever it is.
  ['/articles/a/sections/x.js', PLAIN],
  ['/nope.json', PLAIN],
  [`${ASSETS_PREFIX}missing-0000.js`, PLAIN],
  // Variants: the first value as written, when the page has it; else the app shell.
  ['/articles/a/quotes?speaker=jane-doe', JANE],
  ['/articles/a/quotes/?speaker=jane-doe&x=1', JANE],
  ['/articles/a/quotes?x=1&speaker=jane-doe', JANE],
  ['/articles/a/quotes?speaker=jane-doe&speaker=nobody', JANE],
  ['/articles/a/quotes?speaker=nobody&speaker=jane-doe', SHELL],
  [
    `/articles/a/quotes?speaker=${enc(ZOE)}`,
    page(`/articles/a/quotes/${VARIANTS_DIR}/speaker/${enc(ZOE)}.html`),
  ],
  [`/articles/a/quotes?speaker=${enc(ZOE).toLowerCase()}`, SHELL],
  ['/articles/a/quotes?speaker=%6Aane-doe', SHELL],
  ['/articles/a/quotes?speaker=Jane-Doe', SHELL],
  ['/articles/a/quotes?speaker=jane+doe', SHELL],
  ['/articles/a/quotes?speaker=nobody', SHELL],
  ['/articles/a/quotes?speaker=..%2F..%2Findex', SHELL],
  ['/articles/a/quotes?speaker=%00', SHELL],
  [
    `/articles/${enc(CYRILLIC)}/quotes?speaker=${enc(MARIA)}`,
    page(`/articles/${CYRILLIC}/quotes/${VARIANTS_DIR}/speaker/${enc(MARIA)}.html`),
  ],
  ['/articles/b/quotes?speaker=nobody', SHELL],
  // No value is no filter: the page itself, as the app renders it.
  ['/articles/a/quotes?speaker=', GALLERY],
  ['/articles/a/quotes?speaker', GALLERY],
  ['/articles/a/quotes?Speaker=jane-doe', GALLERY],
  // No page, no variant.
  ['/articles/nope/quotes?speaker=jane-doe', SITE_404],
  ['/articles/t/quotes?speaker=jane-doe', SITE_404],
  // Stand-ins answer only for other paths.
  [`/${NOT_FOUND_FILE}`, PLAIN, page(SITE_NOT_FOUND)],
  [`/articles/a/sections/${NOT_FOUND_FILE}`, PLAIN, page(A_SECTIONS_404.file!)],
  [`/articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe.html`, PLAIN, JANE],
  [`/articles/a/quotes/${VARIANTS_DIR}/speaker/jane-doe`, A_QUOTES_404, JANE],
  [`/articles/a/quotes/${VARIANTS_DIR}`, A_QUOTES_404],
  // What the build writes for servers is no file of the site.
  ['/_headers', SITE_404],
  [`/${STATIC_HOST_REDIRECTS}`, SITE_404],
  ['/_server/headers.json', PLAIN],
];
const TABLE = ROWS.map(([target, expected]): [string, Answer] => [target, expected]);

let base: string;
let root: string;
let files: Set<string>;
/** A file of the site: the build's, but for what it writes for servers. */
const has = (file: string) => files.has(file) && !isServerOnly(file);

/** Every file under the build, as a decoded path from its root. */
function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(join(dir, entry.name), `${prefix}/${entry.name}`)
      : [`${prefix}/${entry.name}`],
  );
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'dispatch-page-rules-'));
  // nginx's workers run as another user where the tests run as root: they must read the build.
  chmodSync(base, 0o755);
  root = join(base, 'dist');
  // Each file says which it is, so an answer names the file it came from.
  const put = (file: string, contents = `<title>${file}</title>`) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), contents);
  };
  for (const url of PAGES) put(pageFile(url)!);
  for (const url of NOT_FOUND) put(notFoundFile(decodeURIComponent(dirname(url))));
  put(`/${SHELL_FILE}`);
  put(SITE_NOT_FOUND);
  put(`/${SHELL_ROUTES_FILE}`, '[]');
  put(`${ASSETS_PREFIX}app-1.js`);
  await writeDeployFiles(root, {
    hashes: { scripts: [], styles: [] },
    pages: PAGES,
    notFound: NOT_FOUND,
  });
  files = new Set(walk(root));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const split = (target: string) => {
  const at = target.indexOf('?');
  return at < 0 ? [target, ''] : [target.slice(0, at), target.slice(at + 1)];
};

/** What a server answered, read as the table writes it: the file its title names, or plain text. */
async function served(port: number, target: string): Promise<Answer | string> {
  const response = await rawRequest(port, 'GET', target);
  const body = Buffer.from(response.body, 'latin1').toString('utf8');
  const type = response.headers.get('content-type');
  if (response.status !== 200 && response.status !== 404) return `${response.status} ${body}`;
  if (response.status === 404 && type === 'text/plain; charset=utf-8' && body === 'Not found\n') {
    return PLAIN;
  }
  const file = /<title>([^<]*)<\/title>/.exec(body)?.[1];
  if (!file || !type?.startsWith('text/')) return `${response.status} ${type} ${body.slice(0, 80)}`;
  return { file, status: response.status as 200 | 404 };
}

async function servedTable(port: number) {
  const rows: [string, Answer | string][] = [];
  for (const [target] of TABLE) rows.push([target, await served(port, target)]);
  return rows;
}

describe('which file answers a request', () => {
  it('is what the rules say', () => {
    const rules = TABLE.map(([target]) => {
      const [path, query] = split(target);
      return [target, answer(decodeURIComponent(path!), query!, has)];
    });
    expect(rules).toEqual(TABLE);
  });

  it('is what npm start’s server answers', async () => {
    const server: Server = createSiteServer(root);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(await servedTable((server.address() as AddressInfo).port)).toEqual(TABLE);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it.skipIf(!nginxBinary())(
    'is what nginx answers with deploy/nginx.conf',
    async () => {
      const port = await freePort();
      const setup = prepareNginx(root, port);
      const check = spawnSync(nginxBinary()!, ['-t', ...setup.args], { encoding: 'utf8' });
      expect(check.status, check.stderr).toBe(0);
      let errors = '';
      const nginx: ChildProcess = spawn(nginxBinary()!, setup.args, {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      nginx.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
      const exited = new Promise((resolve) => nginx.once('exit', resolve));
      try {
        // Answering, and this build's front page: not another server on a reused port.
        await expect
          .poll(() => served(port, '/').catch(() => null), { timeout: 10_000, interval: 50 })
          .toEqual(page('/index.html'));
        expect(await servedTable(port), errors).toEqual(TABLE);
      } finally {
        nginx.kill('SIGQUIT');
        await exited;
        rmSync(setup.prefix, { recursive: true, force: true });
      }
    },
    30_000,
  );

  it('is what the _redirects the build wrote gives a static host', () => {
    const redirects = readFileSync(join(root, STATIC_HOST_REDIRECTS), 'utf8');
    // A static host keeps its own files (`_headers`, `_redirects`) to itself, and has no
    // plain-text 404: a missing file gets the not-found page its folder would.
    const rows = ROWS.filter(([target]) => !isServerOnly(split(target)[0]!));
    const answers = rows.map(([target]) => {
      const [path, query] = split(target);
      return [target, staticHostAnswer(redirects, has, path!, query!)];
    });
    expect(answers).toEqual(
      rows.map(([target, expected, onStaticHost]) => [
        target,
        onStaticHost ??
          (expected.file === null
            ? notFound(notFoundPages(decodeURIComponent(split(target)[0]!)).find(has)!)
            : expected),
      ]),
    );
  });
});

describe('the slug check, where a server cannot decode', () => {
  const encodedSlug = new RegExp(ENCODED_SLUG);
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.string({
      unit: fc.constantFrom('a', 'z', '0', '-', '_', ' ', 'é', 'Ж', 'ß', '中', '.', '/'),
      maxLength: 30,
    }),
  );

  it('lets every slug through, as encodeURIComponent writes it', () => {
    fc.assert(
      fc.property(text, (words) => {
        const slug = slugForTitle(words);
        fc.pre(isSlug(slug));
        expect(encodedSlug.test(encodeURIComponent(slug)), slug).toBe(true);
        expect(variantValue(encodeURIComponent(slug))).toBe(slug);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets nothing through that leaves its folder, and is no narrower than the Node server', () => {
    const escape = fc
      .integer({ min: 0, max: 255 })
      .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);
    const part = fc.oneof(fc.constantFrom('a', '-', '_', '0', '.', '/', '%', 'A', '+'), escape);
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const raw = parts.join('');
        if (variantValue(raw) !== null) expect(encodedSlug.test(raw), raw).toBe(true);
        if (!encodedSlug.test(raw)) return;
        let decoded: string;
        try {
          decoded = decodeURIComponent(raw);
        } catch {
          return;
        }
        expect(decoded, raw).not.toMatch(/[./\\\0%]/);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('the files the rules name', () => {
  it('are where the prerender step writes a page, its variants and its not-found pages', () => {
    expect(pageFile('/')).toBe('/index.html');
    expect(pageFile('/articles/a/')).toBe('/articles/a/index.html');
    expect(pageFile(`/articles/${enc(CYRILLIC)}`)).toBe(`/articles/${CYRILLIC}/index.html`);
    expect(pageFile(`/articles/a/quotes?speaker=${enc(MARIA)}`)).toBe(
      `/articles/a/quotes/${VARIANTS_DIR}/speaker/${enc(MARIA)}.html`,
    );
    expect(NOT_FOUND.slice(0, 2)).toEqual([
      '/articles/a/sections/__unknown__',
      '/articles/a/quotes/__unknown__',
    ]);
    expect(notFoundFile('/articles/a/sections/')).toBe(`/articles/a/sections/${NOT_FOUND_FILE}`);
  });

  it('are none for a value that is no slug, which the app shell answers', () => {
    for (const value of ['Not A Slug', 'a'.repeat(101), '']) {
      const url = `/articles/a/quotes?speaker=${enc(value)}`;
      expect(pageFile(url), url).toBeNull();
      const [path, query] = split(url);
      expect(answer(path!, query!, has), url).toEqual(value ? SHELL : GALLERY);
    }
  });

  it('refuse a query no server answers with a variant', () => {
    for (const url of [
      '/articles/a/quotes?who=jane-doe',
      '/articles/a?speaker=jane-doe',
      '/articles/a/quotes?speaker=jane-doe&x=1',
    ]) {
      expect(() => pageFile(url), url).toThrow(/no variant a server answers/);
    }
  });
});
