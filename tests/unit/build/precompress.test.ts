// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeFiles, writeWhole } from '../../../src/build/files';
import {
  compressCopies,
  COMPRESSIBLE_EXTENSIONS,
  isCompressible,
  MIN_BYTES,
  MIN_SAVING,
  precompress,
} from '../../../src/build/precompress';
import { CONTENT_TYPES, PRECOMPRESSED } from '../../../src/server/site-rules';

/** Text that compresses as the build's do: words, markup, repeats, and some variety. */
function text(bytes: number, seed = 1): string {
  const words = ['dispatch', 'story', 'quote', 'section', 'reader', '<p>', '</p>', '{"a":', seed];
  let out = '';
  for (let i = 0; out.length < bytes; i++) out += `${words[(i * 7 + seed) % words.length]} ${i} `;
  return out.slice(0, bytes);
}

let dist: string;
beforeEach(async () => {
  dist = await mkdtemp(join(tmpdir(), 'dispatch-precompress-'));
});
afterEach(() => rm(dist, { recursive: true, force: true }));

const put = (file: string, contents: string | Uint8Array) => writeWhole(join(dist, file), contents);

/** Every file below a folder, relative, with its bytes. */
async function folder(root: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  return new Map(
    await Promise.all(files.map(async (f) => [f, await readFile(join(root, f))] as const)),
  );
}

/** Every folder below a root, relative. */
async function folders(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

const decode = { br: brotliDecompressSync, gzip: gunzipSync };

/** What a build holds: files every rule applies to. */
async function site() {
  await put('assets/app-1234.js', text(40_000));
  await put('assets/app-1234.css', text(9_000, 2));
  await put('articles/a/index.html', text(20_000, 3));
  await put('articles/b/index.html', text(18_000, 4));
  await put('articles/b/quotes/index.html', text(12_000, 5));
  await put('content/articles/a.json', text(6_000, 6));
  await put('feed.atom', text(5_000, 7));
  await put('manifest.webmanifest', text(600, 8));
  await put('favicon.svg', text(1_500, 9));
  await put('sitemap.xml', text(2_000, 10));
  await put('robots.txt', text(300, 11));
  // Too small.
  await put('assets/tiny-1.js', 'export const a = 1;');
  await put('shell-routes.json', '[]');
  // Barely shrinks: random bytes in a text file.
  await put('assets/noise.txt', randomBytes(4_000));
  // Never compressed: pictures, the search index's files, what no reader is sent.
  await put('icons/icon-192.png', text(5_000, 12));
  await put('assets/pictures/p-640.avif', text(5_000, 13));
  await put('pagefind/index/en_1.pf_index', text(5_000, 14));
  await put('pagefind/pagefind.js', text(8_000, 15));
  await put('_server/headers.json', text(2_000, 16));
  await put('_headers', text(2_000, 17));
  await put('.vite/manifest.json', text(2_000, 18));
}

/** The copies the rules say `file` keeps, worked out from its bytes here. */
async function expectCopiesFollowTheirFiles(root: string) {
  const files = await folder(root);
  const copies = new Set<string>();
  for (const [file, bytes] of files) {
    const copy = PRECOMPRESSED.find(({ suffix }) => file.endsWith(suffix));
    if (copy) {
      copies.add(file);
      const original = files.get(file.slice(0, -copy.suffix.length));
      expect(original, `${file} has its file`).toBeDefined();
      expect(decode[copy.coding](bytes).equals(original!), `${file} decodes to its file`).toBe(
        true,
      );
      expect(bytes.length, file).toBeLessThanOrEqual(original!.length * (1 - MIN_SAVING));
    }
  }
  for (const [file, bytes] of files) {
    if (copies.has(file)) continue;
    const has = PRECOMPRESSED.filter(({ suffix }) => copies.has(`${file}${suffix}`));
    if (!isCompressible(file) || bytes.length < MIN_BYTES) {
      expect(has, `${file} keeps no copy`).toEqual([]);
    } else {
      // Both copies where each pays; brotli only where it beats gzip (so the sizes differ).
      const kept = await compressCopies(bytes);
      expect(
        has.map(({ coding }) => coding),
        file,
      ).toEqual(Object.keys(kept));
      if (has.length === 2) {
        const [br, gz] = has.map(({ suffix }) => files.get(`${file}${suffix}`)!.length);
        expect(br, file).toBeLessThan(gz!);
      }
    }
  }
  return copies;
}

describe('the precompressed copies', () => {
  it('are kept for text files over the threshold that compression shrinks, and decode to them', async () => {
    await site();
    const result = await precompress(dist, null);
    const copies = await expectCopiesFollowTheirFiles(dist);
    expect([...copies].sort()).toEqual(
      [
        'articles/a/index.html',
        'articles/b/index.html',
        'articles/b/quotes/index.html',
        'assets/app-1234.css',
        'assets/app-1234.js',
        'content/articles/a.json',
        'favicon.svg',
        'feed.atom',
        'manifest.webmanifest',
        'pagefind/pagefind.js',
        'robots.txt',
        'sitemap.xml',
      ].flatMap((file) => [`${file}.br`, `${file}.gz`]),
    );
    expect(result.compressed).toBe(13); // and the noise, compressed for nothing
    expect(result.written).toBe(24);
    expect(result.bytes.br).toBeLessThan(result.bytes.gzip);
    expect(Object.keys(result.record)).toEqual([...Object.keys(result.record)].sort());
    expect(Object.keys(result.record)).toContain('assets/noise.txt');
    expect(Object.keys(result.record)).not.toContain('assets/tiny-1.js');
  });

  it('are the same bytes every time, with no time or name in the gzip header', async () => {
    const bytes = Buffer.from(text(30_000));
    const [a, b] = [await compressCopies(bytes), await compressCopies(bytes)];
    expect(a.br!.equals(b.br!)).toBe(true);
    expect(a.gzip!.equals(b.gzip!)).toBe(true);
    // RFC 1952: ID1 ID2 CM FLG, MTIME (4 bytes), XFL, OS.
    expect([...a.gzip!.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  });

  it('follow an incremental build: only changed files again, and none left of what is gone', async () => {
    await site();
    const first = await precompress(dist, null);
    const times = async (file: string) => (await stat(join(dist, file))).mtimeMs;
    const before = await times('assets/app-1234.js.br');

    // Nothing changed: nothing compressed, nothing written.
    const same = await precompress(dist, first.record);
    expect(same).toMatchObject({ compressed: 0, written: 0, removed: 0 });
    expect(same.unchanged).toBe(first.compressed);
    expect(same.record).toEqual(first.record);
    expect(await times('assets/app-1234.js.br')).toBe(before);

    // Changed, added, gone, grown too small, grown incompressible; and one rewritten with the
    // same bytes (a new inode and time: compressed again, its copies left as they were).
    await put('articles/a/index.html', text(21_000, 30));
    await put('articles/c/index.html', text(15_000, 31));
    // As the build removes a story's pages: the files, then the folders that leaves empty.
    await removeFiles(dist, ['articles/b/index.html', 'articles/b/quotes/index.html']);
    await put('content/articles/a.json', '{}');
    await put('feed.atom', randomBytes(6_000));
    await put('assets/app-1234.css', await readFile(join(dist, 'assets/app-1234.css')));
    const css = await times('assets/app-1234.css.br');
    const next = await precompress(dist, first.record);
    expect(next.compressed).toBe(4);
    expect(next.written).toBe(4);
    expect(next.removed).toBe(2 * 4); // b's two pages, the JSON, the feed
    expect(await times('assets/app-1234.css.br')).toBe(css);
    expect(await times('assets/app-1234.js.br')).toBe(before);
    await expectCopiesFollowTheirFiles(dist);
    // b's folders went with its copies, as a clean build never had them.
    expect(await folders(dist)).not.toContain('articles/b');

    // A clean build of the same files holds the same folder, byte for byte.
    const clean = await mkdtemp(join(tmpdir(), 'dispatch-precompress-clean-'));
    try {
      for (const [file, bytes] of await folder(dist)) {
        if (PRECOMPRESSED.some(({ suffix }) => file.endsWith(suffix))) continue;
        await mkdir(dirname(join(clean, file)), { recursive: true });
        await writeFile(join(clean, file), bytes);
      }
      const full = await precompress(clean, null);
      expect(await folder(dist)).toEqual(await folder(clean));
      expect(await folders(dist)).toEqual(await folders(clean));
      expect(Object.keys(next.record)).toEqual(Object.keys(full.record));
    } finally {
      await rm(clean, { recursive: true, force: true });
    }
  });

  it('are made again, to the same bytes, where the record matches no file (a folder moved)', async () => {
    await site();
    const first = await precompress(dist, null);
    // A folder copied elsewhere (new inodes): compressed again, to the same bytes.
    const moved = `${dist}-moved`;
    await cp(dist, moved, { recursive: true });
    try {
      const again = await precompress(moved, first.record);
      expect(again.unchanged).toBe(0);
      expect(again.written).toBe(0);
      expect(await folder(moved)).toEqual(await folder(dist));
    } finally {
      await rm(moved, { recursive: true, force: true });
    }
  });
  it('are made again when they are gone though their file matches the record (a folder written anew)', async () => {
    await site();
    const first = await precompress(dist, null);
    const before = await folder(dist);
    // A step removes a folder's copies (Pagefind writes its parts anew): the file's inode, size
    // and time can match its record while its copies are gone. (Removed here directly.)
    const copies = [...before.keys()].filter((file) => /\.(br|gz)$/.test(file));
    expect(copies.length).toBeGreaterThan(0);
    await removeFiles(dist, copies.slice(0, 2));
    const again = await precompress(dist, first.record);
    expect(again.compressed).toBeGreaterThan(0);
    expect(await folder(dist)).toEqual(before);
  });
});

describe('which files are compressed', () => {
  it('covers every text type the servers know, and nothing else they serve', () => {
    for (const [extension, type] of Object.entries(CONTENT_TYPES)) {
      const textual = /^(text\/|application\/([a-z.-]+\+)?(json|xml)|image\/svg)/.test(type);
      expect(COMPRESSIBLE_EXTENSIONS.includes(extension), `${extension} (${type})`).toBe(textual);
    }
    expect(isCompressible('assets/app.js')).toBe(true);
    expect(isCompressible('articles/a/quotes/_variants/speaker/jane.html')).toBe(true);
    for (const file of [
      'assets/pictures/a-640.webp',
      'pagefind/fragment/en_1.pf_fragment',
      'pagefind/wasm.en.pagefind',
      '_server/headers.json',
      '_headers',
      '_redirects',
      '.vite/manifest.json',
      'assets/app.js.br',
    ]) {
      expect(isCompressible(file), file).toBe(false);
    }
  });
});
