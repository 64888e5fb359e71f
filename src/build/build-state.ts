/**
 * What an incremental build knows of the build before it (Node): the state file beside the
 * build's folder (`dist.build-state.json` beside `dist/`). It records what made the app (a hash
 * of its code, styles, templates and packages), the hash of every content file the build wrote,
 * and every page: the content it read as it rendered, its stylesheet rules' hash, and the share
 * card it names; and every file it compressed (precompress.ts), as it was when it did.
 *
 * A state that is missing, damaged, from another version of Dispatch or of another app is not
 * used: the build is then a full one, and says why.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { notFoundFile, pageFile } from '../server/page-rules.ts';
import { digest, writeWhole } from './files.ts';

/** Raised when what the state holds changes meaning; an older state is then not used. */
export const STATE_FORMAT = 4;

/** Where the state of a build into `distDir` lives: a file beside the folder. */
export const stateFileOf = (distDir: string) =>
  join(dirname(resolve(distDir)), `${basename(resolve(distDir))}.build-state.json`);

/** A page the build wrote, and what it was made from. */
export interface PageRecord {
  /** The page's file, relative to the build's folder. */
  file: string;
  /** The content files (paths below `/content/`) the page read as it rendered. */
  reads: string[];
  /** A hash of those files' hashes when it rendered: unchanged means the page is too. */
  inputs: string;
  /** The CSP hashes of its own inline styles (the stylesheet rules it inlines). */
  styles: string[];
  /** The share card it names, relative to the build's folder. */
  card?: string;
}

export interface BuildState {
  format: typeof STATE_FORMAT;
  /** The Dispatch version (package.json) that wrote it. */
  dispatch: string;
  /** A hash of every input of the app's bundles (appHash). */
  app: string;
  /** The hash of the Vite manifest in the build's folder: the bundles the pages were made with. */
  manifest: string;
  /** Every content file written, by path below `/content/`, with its hash. */
  content: Record<string, string>;
  /** Every page, by its key (its URL; a route family's not-found page is `404 <url>`). */
  pages: Record<string, PageRecord>;
  /** Each search bundle (by its path) and a hash of the article pages it indexed. */
  searched: Record<string, string>;
  /**
   * Each file the build compressed (its path in the build's folder), signed by its inode, size
   * and modification time when it did, with the codings of the copies it kept (precompress.ts):
   * unchanged, and its copies there, they are up to date.
   */
  compressed: Record<string, string>;
}

/** A page's key in the state: its URL, or `404 <url>` for a route family's not-found page. */
export const pageKey = (url: string, notFound = false) => (notFound ? `404 ${url}` : url);

/** The file a page is written to, relative to the build's folder (null: the shell answers it). */
export function pageFileOf(key: string): string | null {
  const file = key.startsWith('404 ')
    ? notFoundFile(decodeURIComponent(dirname(key.slice(4))))
    : pageFile(key);
  return file === null ? null : file.replace(/^\/+/, '');
}

/**
 * The state as it is written: 140,000 pages at 10,000 stories, so each is a short tuple, its
 * file follows from its key (`pageFileOf`), and its lists of content files read and of style
 * hashes are indexes into tables most pages share: `[reads, inputs, styles, card?]`.
 */
const fileSchema = v.object({
  format: v.literal(STATE_FORMAT),
  dispatch: v.string(),
  app: v.string(),
  manifest: v.string(),
  content: v.record(v.string(), v.string()),
  searched: v.record(v.string(), v.string()),
  compressed: v.record(v.string(), v.string()),
  readSets: v.array(v.array(v.string())),
  styleSets: v.array(v.array(v.string())),
  pages: v.record(v.string(), v.array(v.unknown())),
});

/** The state's pages from the file's tuples; throws, saying which, at one that is damaged. */
function readPages(file: v.InferOutput<typeof fileSchema>): Record<string, PageRecord> {
  const pages: Record<string, PageRecord> = {};
  // Checked by hand: valibot took 0.9 s over 140,000 page records (a loaded machine), for a
  // check this loop makes in a small part of that.
  for (const [key, entry] of Object.entries(file.pages)) {
    const [reads, inputs, styles, card] = entry;
    const path = pageFileOf(key);
    if (
      path === null ||
      (entry.length !== 3 && entry.length !== 4) ||
      typeof reads !== 'number' ||
      file.readSets[reads] === undefined ||
      typeof inputs !== 'string' ||
      typeof styles !== 'number' ||
      file.styleSets[styles] === undefined ||
      (card !== undefined && typeof card !== 'string')
    ) {
      throw new Error(`pages.${key}`);
    }
    pages[key] = {
      file: path,
      reads: file.readSets[reads]!,
      inputs,
      styles: file.styleSets[styles]!,
      ...(card === undefined ? {} : { card }),
    };
  }
  return pages;
}

/** The state to start from, or why there is none (the build is then a full one). */
export type StateVerdict = { state: BuildState; why?: never } | { state: null; why: string };

/**
 * The state of the last build into `distDir`, if this build can start from it: the same
 * format, Dispatch version and app, and the bundles it recorded still in the folder.
 */
export async function readState(
  distDir: string,
  expected: { dispatch: string; app: string },
): Promise<StateVerdict> {
  const file = stateFileOf(distDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { state: null, why: `no build state (${relative(process.cwd(), file)})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: null, why: 'the build state is damaged (not JSON)' };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== STATE_FORMAT) {
    return { state: null, why: `the build state is of another format (${String(format)})` };
  }
  const parsed = v.safeParse(fileSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return {
      state: null,
      why: `the build state is damaged (${v.getDotPath(issue) ?? 'its root'}: ${issue.message})`,
    };
  }
  const { dispatch, app, manifest, content, searched, compressed } = parsed.output;
  let pages: Record<string, PageRecord>;
  try {
    pages = readPages(parsed.output);
  } catch (error) {
    return { state: null, why: `the build state is damaged (${(error as Error).message})` };
  }
  const state: BuildState = {
    format: STATE_FORMAT,
    dispatch,
    app,
    manifest,
    content,
    searched,
    compressed,
    pages,
  };
  if (state.dispatch !== expected.dispatch) {
    return { state: null, why: `the build state is from Dispatch ${state.dispatch}` };
  }
  if (state.app !== expected.app) {
    return { state: null, why: "the app's code, styles or packages changed" };
  }
  if ((await manifestHash(distDir)) !== state.manifest) {
    return {
      state: null,
      why: `${basename(distDir)}/ does not hold the bundles the state records`,
    };
  }
  return { state };
}

export async function writeState(distDir: string, state: BuildState): Promise<void> {
  const tables = { readSets: new Map<string, number>(), styleSets: new Map<string, number>() };
  const indexOf = (table: Map<string, number>, list: readonly string[]) => {
    const key = JSON.stringify(list);
    let index = table.get(key);
    if (index === undefined) table.set(key, (index = table.size));
    return index;
  };
  const pages: Record<string, unknown[]> = {};
  for (const [key, page] of Object.entries(state.pages)) {
    const entry: unknown[] = [
      indexOf(tables.readSets, page.reads),
      page.inputs,
      indexOf(tables.styleSets, page.styles),
    ];
    if (page.card !== undefined) entry.push(page.card);
    pages[key] = entry;
  }
  const table = (map: Map<string, number>) => [...map.keys()].map((key) => JSON.parse(key));
  const file = {
    format: state.format,
    dispatch: state.dispatch,
    app: state.app,
    manifest: state.manifest,
    content: state.content,
    searched: state.searched,
    compressed: state.compressed,
    readSets: table(tables.readSets),
    styleSets: table(tables.styleSets),
    pages,
  };
  await writeWhole(stateFileOf(distDir), `${JSON.stringify(file)}\n`);
}

/** The hash of the Vite manifest in a build's folder, or `none`. */
export async function manifestHash(distDir: string): Promise<string> {
  return readFile(join(distDir, '.vite/manifest.json')).then(digest, () => 'none');
}

/** What the app's bundles are made from, below the project's root. */
const APP_INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
];

/**
 * A hash of every input of the app's bundles and of the pages' templates: the source, the
 * public files, the config, the packages (by the lock file), and the build's settings (base,
 * mode, `VITE_*` variables). Any change rebuilds everything, since every page embeds them.
 */
export async function appHash(root: string, settings: Record<string, unknown>): Promise<string> {
  const files: string[] = [];
  for (const input of APP_INPUTS) {
    const path = join(root, input);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isFile()) {
      files.push(input);
      continue;
    }
    for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
      if (entry.isFile()) files.push(relative(root, join(entry.parentPath, entry.name)));
    }
  }
  const parts = await Promise.all(
    files
      .map((file) => file.split(sep).join('/'))
      .sort()
      .map(async (file) => `${file}\0${digest(await readFile(join(root, file)))}`),
  );
  return digest(`${STATE_FORMAT}\n${JSON.stringify(settings)}\n${parts.join('\n')}`);
}
