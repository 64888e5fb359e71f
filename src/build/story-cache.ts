/**
 * The stories earlier builds built (ingest/edition.ts's StoryCache), one file each, named by what
 * the story is built from (`storyKey`), in a folder for this app
 * (`node_modules/.cache/dispatch-stories/<app>/`, `DISPATCH_STORY_CACHE`): a build of thousands
 * of stories parses only those that changed. Any change to the app is another folder, since the
 * code that parses them may have changed; the others are removed, and so are the files of
 * stories the edition no longer has.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BuiltStory, StoryCache } from '../ingest/edition.ts';
import { mapLimited } from '../lib/limit.ts';
import { removeFiles, writeWhole } from './files.ts';

export function storyCacheDir(): string {
  return resolve(process.env.DISPATCH_STORY_CACHE ?? 'node_modules/.cache/dispatch-stories');
}

export interface FileStoryCache extends StoryCache {
  /** Writes what was built now, and removes what the edition no longer has. */
  save(): Promise<void>;
  hits: number;
  misses: number;
}

/**
 * The cache for `app`, with the stories of `keys` (the edition's) read in; with `read` false,
 * none is (every story is parsed, and what is made is kept as ever).
 */
export async function openStoryCache(
  root: string,
  app: string,
  keys: readonly string[],
  read = true,
): Promise<FileStoryCache> {
  const dir = join(root, app);
  const texts = new Map<string, string>();
  await mapLimited(read ? keys : [], 64, async (key) => {
    const text = await readFile(join(dir, `${key}.json`), 'utf8').catch(() => undefined);
    if (text !== undefined) texts.set(key, text);
  });
  const built = new Map<string, string>();
  const cache: FileStoryCache = {
    hits: 0,
    misses: 0,
    get(key) {
      const text = texts.get(key);
      if (text === undefined) {
        cache.misses += 1;
        return undefined;
      }
      cache.hits += 1;
      // A copy of its own each time: the edition links stories into it.
      return JSON.parse(text) as BuiltStory;
    },
    set(key, story) {
      built.set(key, JSON.stringify(story));
    },
    async save() {
      for (const [key, text] of built) await writeWhole(join(dir, `${key}.json`), text);
      const wanted = new Set(keys.map((key) => `${key}.json`));
      const present = await readdir(dir).catch(() => [] as string[]);
      await removeFiles(
        dir,
        present.filter((name) => !wanted.has(name)),
      );
      for (const other of await readdir(root).catch(() => [] as string[])) {
        if (other !== app) await rm(join(root, other), { recursive: true, force: true });
      }
    },
  };
  return cache;
}
