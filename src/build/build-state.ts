/**
 * What an incremental build knows of the build before it (Node): the state file beside the
 * build's folder (`dist.build-state.json` beside `dist/`). It records what made the app (a hash
 * of its code, styles, templates and packages), the hash of every content file the build wrote,
 * and every page: its file, the content it read as it rendered, and the share card it names.
 *
 * A state that is missing, damaged, from another version of Dispatch or of another app is not
 * used: the build is then a full one, and says why.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import * as v from 'valibot';
import { digest, writeWhole } from './files.ts';

/** Raised when what the state holds changes meaning; an older state is then not used. */
export const STATE_FORMAT = 2;

/** Where the state of a build into `distDir` lives: a file beside the folder. */
export const stateFileOf = (distDir: string) =>
  join(dirname(resolve(distDir)), `${basename(resolve(distDir))}.build-state.json`);

const pageRecordSchema = v.object({
  /** The page's file, relative to the build's folder. */
  file: v.string(),
  /** The content files (paths below `/content/`) the page read as it rendered. */
  reads: v.array(v.string()),
  /** A hash of those files' hashes when it rendered: unchanged means the page is too. */
  inputs: v.string(),
  /** The CSP hashes of its own inline styles (the stylesheet rules it inlines). */
  styles: v.array(v.string()),
  /** The share card it names, relative to the build's folder. */
  card: v.optional(v.string()),
});

const stateSchema = v.object({
  format: v.literal(STATE_FORMAT),
  /** The Dispatch version (package.json) that wrote it. */
  dispatch: v.string(),
  /** A hash of every input of the app's bundles (appHash). */
  app: v.string(),
  /** The hash of the Vite manifest in the build's folder: the bundles the pages were made with. */
  manifest: v.string(),
  /** Every content file written, by path below `/content/`, with its hash. */
  content: v.record(v.string(), v.string()),
  /** Every page, by its key (its URL; a route family's not-found page is `404 <url>`). */
  pages: v.record(v.string(), pageRecordSchema),
  /** Each search bundle (by its path) and a hash of the article pages it indexed. */
  searched: v.record(v.string(), v.string()),
});

export type PageRecord = v.InferOutput<typeof pageRecordSchema>;
export type BuildState = v.InferOutput<typeof stateSchema>;

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
  const parsed = v.safeParse(stateSchema, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    return {
      state: null,
      why: `the build state is damaged (${v.getDotPath(issue) ?? 'its root'}: ${issue.message})`,
    };
  }
  const state = parsed.output;
  if (state.dispatch !== expected.dispatch) {
    return { state: null, why: `the build state is from Dispatch ${state.dispatch}` };
  }
  if (state.app !== expected.app) {
    return { state: null, why: "the app's code, styles or packages changed" };
  }
  const manifest = await manifestHash(distDir);
  if (manifest !== state.manifest) {
    return {
      state: null,
      why: `${basename(distDir)}/ does not hold the bundles the state records`,
    };
  }
  return { state };
}

export async function writeState(distDir: string, state: BuildState): Promise<void> {
  await writeWhole(stateFileOf(distDir), `${JSON.stringify(state)}\n`);
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
