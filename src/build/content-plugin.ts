/**
 * The content build: the edition's JSON is generated from the editorial sources in `content/`
 * (never written by hand). `vite build` writes it into the build, each file only when it
 * changed (site-build.ts); `vite` (dev), through the plugin here, serves it from memory and
 * regenerates it, with a page reload, when a source changes, so a newsroom sees an edited story
 * without restarting anything.
 *
 * The stories' pictures are made first (build/pictures.ts), into their cache, because the JSON
 * holds each one's size and placeholder. The build links the ones the edition shows into
 * `dist/assets/pictures/`; `vite` serves them from the cache.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import type { Logger, Plugin } from 'vite';
import { figures, type Picture } from '../content/nodes.ts';
import { formatWarning } from '../ingest/errors.ts';
import {
  contentDir,
  readEditionMeta,
  readStories,
  editionMetaFile,
} from '../ingest/content-dir.ts';
import { buildEdition, storyKey, type ContentFiles } from '../ingest/edition.ts';
import { pictureIdOf } from '../lib/pictures.ts';
import { PICTURES_DIR } from '../lib/site-files.ts';
import { contentType } from '../server/site-rules.ts';
import { imagesDirOf, pictureCacheDir, preparePictures, type PictureRequest } from './pictures.ts';
import { openStoryCache } from './story-cache.ts';

export interface GeneratedContent {
  files: ContentFiles;
  /** The pictures the edition shows, each once. */
  pictures: Picture[];
}

/**
 * The edition's JSON and the pictures it shows (made into `cacheDir`); what its sources hold
 * that stayed text, and pictures that could not be had, are reported to `logger`.
 */
export async function generateContentAndPictures(
  dir = contentDir(),
  logger?: Pick<Logger, 'warn' | 'info'>,
  cacheDir = resolve(pictureCacheDir()),
  /**
   * The build's cache of stories built before, for this app (story-cache.ts); `read: false`
   * parses every story, and keeps what it made for the next build.
   */
  storyCache?: { dir: string; app: string; read: boolean },
): Promise<GeneratedContent> {
  const [stories, meta] = await Promise.all([readStories(dir), readEditionMeta(dir)]);
  const requests: PictureRequest[] = stories.flatMap((story) =>
    Object.entries(story.meta.images ?? {}).map(([key, { file, focus }]) => ({
      file,
      ...(focus ? { focus } : {}),
      key,
      metaFile: story.metaFile,
    })),
  );
  const prepared = await preparePictures({ imagesDir: imagesDirOf(dir), cacheDir, requests });
  const cache =
    storyCache &&
    (await openStoryCache(
      storyCache.dir,
      storyCache.app,
      stories.map((story) => storyKey(story, prepared.lookup)),
      storyCache.read,
    ));
  const edition = buildEdition(stories, meta, editionMetaFile(dir), prepared.lookup, cache);
  await cache?.save();
  for (const warning of [...prepared.warnings, ...edition.warnings])
    logger?.warn(formatWarning(warning));
  const { stats } = prepared;
  if (stats.pictures > 0) {
    logger?.info(
      `pictures: ${stats.pictures} (${stats.made} made in ${Math.round(stats.cpuMs)} ms of CPU, ${stats.fromCache} from cache, ${stats.bytes} B)`,
    );
  }
  if (cache) {
    logger?.info(`stories: ${cache.misses} parsed, ${cache.hits} as the last build made them`);
  }
  // Only what a figure shows goes into the build, not every entry a metadata file lists.
  const shown = new Map<string, Picture>();
  for (const article of edition.articles) {
    for (const section of article.sections) {
      for (const { picture } of figures(section.blocks))
        if (picture) shown.set(picture.id, picture);
    }
  }
  return { files: edition.files, pictures: [...shown.values()] };
}

/** The edition's JSON (its pictures made into the cache). */
export async function generateContent(
  dir = contentDir(),
  logger?: Pick<Logger, 'warn' | 'info'>,
): Promise<ContentFiles> {
  return (await generateContentAndPictures(dir, logger)).files;
}

/** A content document as the build writes it and the dev server answers it. */
export const serialise = (document: unknown) => `${JSON.stringify(document)}\n`;

/** A picture file's name, as `lib/pictures.ts` makes them: nothing else is served from the cache. */
const isPictureName = (name: string) => !name.includes('/') && pictureIdOf(`/${name}`) !== null;

export function contentPlugin(): Plugin {
  const dir = contentDir();
  const cacheDir = resolve(pictureCacheDir());
  let generated: Promise<GeneratedContent> | undefined;
  let logger: Logger | undefined;
  const currentContent = () => (generated ??= generateContentAndPictures(dir, logger, cacheDir));
  const current = async () => (await currentContent()).files;

  return {
    name: 'dispatch:content',
    apply: 'serve',
    configResolved(config) {
      logger = config.logger;
    },
    configureServer(server) {
      server.watcher.add(dir);
      const changed = (file: string) => {
        if (relative(dir, resolve(file)).split(sep)[0] === '..') return;
        generated = undefined;
        current().then(
          () => server.ws.send({ type: 'full-reload' }),
          (error: Error) =>
            server.ws.send({ type: 'error', err: { message: error.message, stack: '' } }),
        );
      };
      server.watcher.on('change', changed).on('add', changed).on('unlink', changed);
      // The pictures, from their cache (registered before the content, which answers the rest).
      server.middlewares.use(`/${PICTURES_DIR}/`, (req, res, next) => {
        const name = new URL(req.url ?? '/', 'http://dev').pathname.slice(1);
        if (!isPictureName(name)) return next();
        currentContent()
          .then(() => readFile(resolve(cacheDir, name)))
          .then(
            (data) => {
              res.setHeader('Content-Type', contentType(name));
              res.end(data);
            },
            () => next(),
          );
      });
      server.middlewares.use('/content/', (req, res, next) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://dev').pathname).slice(1);
        current().then(
          (generated) => {
            if (!generated.has(path)) return next();
            res.setHeader('Content-Type', 'application/json');
            res.end(serialise(generated.get(path)));
          },
          (error: Error) => {
            res.statusCode = 500;
            res.setHeader('Content-Type', 'text/plain');
            res.end(error.message);
          },
        );
      });
    },
  };
}
