/**
 * The build's file operations (Node). An incremental build rewrites only what changed, so a
 * deploy that copies files by their size and time (or their checksum) uploads only those: a
 * file whose bytes are the same is left alone, time and all.
 */
import { createHash } from 'node:crypto';
import {
  copyFile,
  link,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { eachLimited } from '../lib/limit.ts';

/** A short hash of some bytes or text, for names and for telling versions apart. */
export function digest(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex').slice(0, 20);
}

/** Writes a file whole (a temporary file, then a rename), making its folder. */
export async function writeWhole(file: string, contents: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, contents);
  await rename(`${file}.tmp`, file);
}

/** Writes a file unless it already holds these bytes; resolves with whether it wrote. */
export async function writeIfChanged(
  file: string,
  contents: string | Uint8Array,
): Promise<boolean> {
  const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
  const current = await readFile(file).catch(() => undefined);
  if (current?.equals(bytes)) return false;
  await writeWhole(file, bytes);
  return true;
}

/**
 * A hard link where the source and the build share a disk (thousands of cards and pictures,
 * no copying), else a copy. A file already there is kept: these files are named by their
 * content, so it holds the same bytes.
 */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    await copyFile(from, to);
  }
}

/** Every file below `dir`, as paths relative to it with `/` between segments. */
export async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * Removes files of the build (paths relative to `root`), then each folder they leave empty,
 * up to `root`, so the build holds what a clean build would and nothing more.
 */
export async function removeFiles(root: string, files: Iterable<string>): Promise<number> {
  const folders = new Set<string>();
  let removed = 0;
  for (const file of files) {
    await rm(join(root, file), { force: true });
    removed += 1;
    for (let folder = dirname(file); folder !== '.' && folder !== ''; folder = dirname(folder)) {
      folders.add(folder);
    }
  }
  // Deepest first, so a parent is tried after its children.
  for (const folder of [...folders].sort((a, b) => b.split('/').length - a.split('/').length)) {
    await rmdir(join(root, folder)).catch(() => undefined);
  }
  return removed;
}

/**
 * Makes `to` hold what `from` holds: files that differ are written, files `from` lacks are
 * removed, except below the `ignore` prefixes (paths relative to `to`) and those `spare` keeps
 * (another step's files beside these, as the precompressed copies). Resolves with the paths
 * written and removed.
 */
export async function syncFolder(
  from: string,
  to: string,
  {
    ignore = [],
    spare = () => false,
  }: { ignore?: readonly string[]; spare?: (file: string) => boolean } = {},
): Promise<{ written: string[]; removed: string[] }> {
  const [source, target] = await Promise.all([filesBelow(from), filesBelow(to)]);
  const written: string[] = [];
  await eachLimited(source, 32, async (file) => {
    if (await writeIfChanged(join(to, file), await readFile(join(from, file)))) written.push(file);
  });
  const keep = new Set(source);
  const removed = target.filter(
    (file) => !keep.has(file) && !ignore.some((prefix) => file.startsWith(prefix)) && !spare(file),
  );
  await removeFiles(to, removed);
  return { written: written.sort(), removed };
}
