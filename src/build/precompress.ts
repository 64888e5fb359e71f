/**
 * Build step, the last one: a brotli copy (`.br`, quality 11) and a gzip copy (`.gz`, level 9)
 * beside every compressible file of the build, which both servers send as they are instead of
 * compressing the file again for every request (server/site-server.ts, deploy/nginx.conf;
 * site-rules.ts's PRECOMPRESSED names the copies).
 *
 * - **Which files**: text, by extension (COMPRESSIBLE_EXTENSIONS): scripts, stylesheets, pages,
 *   JSON, the web manifest, SVG, XML, the feeds. Never pictures, fonts or the search index's
 *   own files (Pagefind's `.pf_*` are gzip already), nor what no reader is sent (`_server/`,
 *   `_headers`, `_redirects`, `.vite/`).
 * - **When a copy is kept**: the file is 256 bytes or more (MIN_BYTES, nginx's on-the-fly
 *   threshold before: the first load's entry and runtime chunks are under 1 KB, and gzip takes
 *   a third to a half off them), and the copy saves 5 % or more (MIN_SAVING). A brotli copy is kept only when it is smaller than the gzip one, so the two
 *   never have the same size: each server's ETag is made of the size and time of the file it
 *   sends, and so differs for each encoding.
 * - **Same bytes every time**: brotli and gzip at fixed settings are deterministic, and the gzip
 *   header holds no time, no file name and a fixed OS byte; a clean build and an incremental
 *   one give the same folder.
 * - **Incremental**: the state records each compressed file by its inode, size and modification
 *   time (the build writes a file whole, a new file then a rename, only when its bytes change),
 *   and the copies it kept. A file whose record still matches, its copies there, keeps them; any
 *   other is compressed again; the copies of a file that is gone, or grew too small, are
 *   removed.
 */
import { availableParallelism } from 'node:os';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { mapLimited } from '../lib/limit.ts';
import { isServerOnly, PRECOMPRESSED, type PrecompressedCopy } from '../server/site-rules.ts';
import { removeFiles, writeIfChanged } from './files.ts';

/** The extensions of the text files the build compresses. */
export const COMPRESSIBLE_EXTENSIONS: readonly string[] = [
  'js',
  'mjs',
  'css',
  'html',
  'json',
  'webmanifest',
  'svg',
  'xml',
  'atom',
  'txt',
  'map',
  'md',
];

/** Files smaller than this keep no copy. */
export const MIN_BYTES = 256;
/** A copy that saves less than this share of its file is not kept. */
export const MIN_SAVING = 0.05;

const EXTENSION = new RegExp(`\\.(${COMPRESSIBLE_EXTENSIONS.join('|')})$`);

/**
 * Whether a file of the build (its path relative to the build's folder, `/` between segments)
 * is one the build compresses, whatever its size.
 */
export function isCompressible(file: string): boolean {
  return (
    EXTENSION.test(file) &&
    !isServerOnly(`/${file}`) &&
    // Vite's manifest and the like: for the build, not for readers.
    !file.split('/').some((segment) => segment.startsWith('.'))
  );
}

const suffixOf = (coding: string) =>
  PRECOMPRESSED.find((copy) => copy.coding === coding)?.suffix ?? '';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The copies a file keeps, by coding: none where they would not pay (see the module's note). */
export async function compressCopies(
  bytes: Uint8Array,
): Promise<Partial<Record<PrecompressedCopy['coding'], Buffer>>> {
  if (bytes.length < MIN_BYTES) return {};
  const [br, gz] = await Promise.all([
    brotli(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
    gzipped(bytes, { level: 9 }),
  ]);
  // zlib writes no time and no name; the OS byte is the system's own: fixed to Unix (3), so a
  // build elsewhere writes the same bytes.
  gz[9] = 3;
  const pays = (copy: Buffer) => copy.length <= bytes.length * (1 - MIN_SAVING);
  const keepGzip = pays(gz);
  const keepBrotli = pays(br) && (!keepGzip || br.length < gz.length);
  return { ...(keepBrotli ? { br } : {}), ...(keepGzip ? { gzip: gz } : {}) };
}

/** What the state keeps of a compressed file: unchanged while the build does not write it. */
const signature = (info: { ino: number; size: number; mtimeMs: number }) =>
  `${info.ino}:${info.size}:${info.mtimeMs}`;

/**
 * A file's record: its signature and the codings of the copies it kept. Both are checked: a
 * step may remove a whole folder and write it again (Pagefind's parts), and a new file can
 * take a removed one's inode, size and time, while its copies went with the folder.
 */
const recordOf = (info: { ino: number; size: number; mtimeMs: number }, codings: string[]) =>
  `${signature(info)}|${codings.join(',')}`;

export interface Precompressed {
  /** Each compressed file (MIN_BYTES or more), by path, with its signature: the next build's record. */
  record: Record<string, string>;
  /** Files compressed in this build, and those whose copies were kept from the last one. */
  compressed: number;
  unchanged: number;
  /** Copies written, and removed (their file gone, grown too small, or saving too little). */
  written: number;
  removed: number;
  /** Bytes of the files compressed in this build, and of their copies. */
  bytes: { original: number; br: number; gzip: number };
}

/**
 * Writes the copies of every compressible file of `distDir` that changed since `previous` (the
 * last build's record; null: every file), and removes the copies of what is gone. `limit`
 * files at a time (each one's two encodings run side by side, on libuv's threads).
 */
export async function precompress(
  distDir: string,
  previous: Readonly<Record<string, string>> | null,
  { limit = availableParallelism() }: { limit?: number } = {},
): Promise<Precompressed> {
  const entries = await readdir(distDir, { withFileTypes: true, recursive: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(distDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter(isCompressible)
    .sort();
  const record = new Map<string, string>();
  const result: Precompressed = {
    record: {},
    compressed: 0,
    unchanged: 0,
    written: 0,
    removed: 0,
    bytes: { original: 0, br: 0, gzip: 0 },
  };
  /** The copies of `file` the build holds, but for those of the codings it keeps. */
  const copiesOf = async (file: string, keep: readonly string[] = []) => {
    const found: string[] = [];
    for (const { coding, suffix } of PRECOMPRESSED) {
      if (keep.includes(coding)) continue;
      const copy = `${file}${suffix}`;
      if (
        await stat(join(distDir, copy)).then(
          () => true,
          () => false,
        )
      ) {
        found.push(copy);
      }
    }
    return found;
  };
  const stale: string[] = [];

  await mapLimited(files, limit, async (file) => {
    const path = join(distDir, file);
    const info = await stat(path);
    const was = previous?.[file];
    if (info.size < MIN_BYTES) {
      // Grown too small: its copies go.
      if (was !== undefined) stale.push(...(await copiesOf(file)));
      return;
    }
    if (was !== undefined && was.startsWith(`${signature(info)}|`)) {
      const kept = was
        .slice(was.indexOf('|') + 1)
        .split(',')
        .filter(Boolean);
      const present = await copiesOf(file);
      if (kept.every((coding) => present.includes(`${file}${suffixOf(coding)}`))) {
        record.set(file, was);
        result.unchanged += 1;
        return;
      }
    }
    const bytes = await readFile(path);
    const copies = await compressCopies(bytes);
    for (const { coding, suffix } of PRECOMPRESSED) {
      const copy = copies[coding];
      if (copy && (await writeIfChanged(`${path}${suffix}`, copy))) result.written += 1;
    }
    stale.push(...(await copiesOf(file, Object.keys(copies))));
    // Signed as it was read: a file written while it was compressed is compressed again next time.
    record.set(file, recordOf(info, Object.keys(copies)));
    result.compressed += 1;
    result.bytes.original += bytes.length;
    // What a client of each coding is sent: its copy, else the next it takes, else the file.
    result.bytes.br += (copies.br ?? copies.gzip ?? bytes).length;
    result.bytes.gzip += (copies.gzip ?? bytes).length;
  });

  // The files of the last build that are gone: their copies go with them, and so do the
  // folders that leaves empty.
  const present = new Set(files);
  for (const file of Object.keys(previous ?? {})) {
    if (!present.has(file)) stale.push(...(await copiesOf(file)));
  }
  result.removed = await removeFiles(distDir, stale);
  result.record = Object.fromEntries([...record].sort(([a], [b]) => (a < b ? -1 : 1)));
  return result;
}
