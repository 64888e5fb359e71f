/**
 * `vite build`, step by step (run by vite.config.ts's `buildApp`). Incremental by default: it
 * starts from the state the last build into the same folder left (build-state.ts) and writes
 * only what changed since.
 *
 * 1. The app's bundles (Vite: the client, then the prerender bundle), kept from the last build
 *    when nothing they are made from changed. A new app means every page changes: the build is
 *    then a full one.
 * 2. The edition's content (content-plugin.ts), each JSON file written only if it changed, and
 *    the pictures it shows. Stories are parsed only when they changed (story-cache.ts); `--clean`
 *    parses them all, and keeps what it made.
 * 3. The pages (prerender.ts): each page records the content files it read as it rendered, so
 *    a page is rendered again only if one of them changed (its story, an edition page, a story
 *    it lists), and the pages of a story that is gone are removed. Then the site's files made
 *    from the whole edition: the sitemap and the feeds (feeds.ts), whose warnings it logs.
 * 4. The share cards those pages name, the search index (only its bundles that hold an article
 *    page that changed, came or went: search-index.ts), the servers' files, and the service
 *    worker (only with new bundles).
 * 5. The brotli and gzip copies of every compressible file written since the last build
 *    (precompress.ts), and the removal of those whose file is gone.
 * 6. The new state. The old one is removed first, so a build that fails half-way is followed
 *    by a full one.
 */
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'vite';
import { contentDir } from '../ingest/content-dir.ts';
import { CONTENT_DIR } from '../content/content-paths.ts';
import {
  appHash,
  manifestHash,
  readState,
  stateFileOf,
  writeState,
  STATE_FORMAT,
} from './build-state.ts';
import type { BuildState } from './build-state.ts';
import { generateContentAndPictures, serialise } from './content-plugin.ts';
import { writeDeployFiles } from './deploy-files.ts';
import { digest, removeFiles, writeWhole } from './files.ts';
import { linkPictures, pictureCacheDir } from './pictures.ts';
import { precompress } from './precompress.ts';
import { planSearch, searchLanguage, writeSearchIndex } from './search-index.ts';
import { buildServiceWorker } from './service-worker-build.ts';
import { storyCacheDir } from './story-cache.ts';

export interface SiteBuild {
  root: string;
  distDir: string;
  /** Where the prerender bundle is built, and imported from. */
  ssrDir: string;
  /** `--clean`: a full build, whatever the state says. */
  clean: boolean;
  /** What else the bundles are made from: the base, the mode, the `VITE_*` variables. */
  settings: Record<string, unknown>;
  base: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Runs Vite: the client bundle into `distDir`, then the prerender bundle into `ssrDir`. */
  bundle: () => Promise<void>;
}

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const kB = (bytes: number) =>
  `${(bytes / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kB`;

export async function buildSite(options: SiteBuild): Promise<void> {
  const { root, logger, base } = options;
  const distDir = resolve(options.distDir);
  const ssrDir = resolve(options.ssrDir);
  const started = performance.now();
  const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const app = await appHash(root, options.settings);
  const verdict = options.clean
    ? { state: null, why: '--clean' }
    : await readState(distDir, { dispatch: version, app });
  // From here until the new state is written, the folder matches no state.
  await rm(stateFileOf(distDir), { force: true });
  const previous: BuildState | null = verdict.state;

  // 1. The bundles.
  if (previous) {
    logger.info('incremental build: the app is unchanged since the last build');
  } else {
    logger.info(`full build: ${verdict.why}`);
    await options.bundle();
    logger.info(`client and prerender bundles built at ${seconds()}`);
  }

  // 2. The content and its pictures.
  const pictureCache = resolve(pictureCacheDir());
  // `--clean` parses every story again (its output is the check on the cache's), and keeps
  // what it made for the next build.
  const { files, pictures } = await generateContentAndPictures(contentDir(), logger, pictureCache, {
    dir: storyCacheDir(),
    app,
    read: !options.clean,
  });
  const hashes = new Map<string, string>();
  let contentWritten = 0;
  for (const [path, document] of files) {
    const text = serialise(document);
    const hash = digest(text);
    hashes.set(path, hash);
    if (previous?.content[path] === hash) continue;
    await writeWhole(join(distDir, CONTENT_DIR, path), text);
    contentWritten += 1;
  }
  const contentRemoved = await removeFiles(
    distDir,
    Object.keys(previous?.content ?? {})
      .filter((path) => !files.has(path))
      .map((path) => `${CONTENT_DIR}/${path}`),
  );
  const linked = await linkPictures({ distDir, cacheDir: pictureCache, pictures });
  logger.info(
    `content: ${count(contentWritten, 'file')} written, ${contentRemoved} removed; pictures: ${count(linked.added, 'file')} added, ${linked.removed} removed, at ${seconds()}`,
  );

  // 3. The pages.
  const entry = pathToFileURL(join(ssrDir, 'prerender.js')).href;
  const { prerenderSite, writeShareCards } = (await import(
    entry
  )) as typeof import('./prerender.ts');
  const site = await prerenderSite({
    distDir,
    workerEntry: join(ssrDir, 'prerender-worker.js'),
    content: files,
    hashes,
    previous,
  });
  for (const warning of site.warnings) logger.warn(warning);
  const total = Object.keys(site.pages).length;
  const renderedCount = [...site.rendered.values()].reduce((sum, n) => sum + n, 0);
  logger.info(
    [
      `pages: ${renderedCount.toLocaleString('en')} of ${count(total, 'page')} rendered, ${site.removed.length} removed, at ${seconds()}`,
      ...[...site.rendered].map(([why, n]) => `  ${count(n, 'page')}: ${why}`),
    ].join('\n'),
  );

  // 4. What the pages name and need.
  const cards = await writeShareCards({
    distDir,
    cacheDir: resolve(process.env.DISPATCH_CARD_CACHE ?? 'node_modules/.cache/dispatch-cards'),
    cards: site.cards,
    named: new Set(Object.values(site.pages).flatMap((page) => (page.card ? [page.card] : []))),
    workerEntry: join(ssrDir, 'share-card-worker.js'),
  });
  logger.info(
    `share cards: ${cards.cards.toLocaleString('en')} (${cards.rendered} rendered in ${Math.round(cards.renderMs)} ms of CPU; ${cards.added} added, ${cards.removed} removed) at ${seconds()}`,
  );

  // The search index: the bundles with an article page that changed, came or went.
  const inputsByFile = new Map(Object.values(site.pages).map((page) => [page.file, page.inputs]));
  const stories = [...files]
    .filter(([path]) => /^articles\/.+\.json$/.test(path))
    .map(([path, document]) => ({
      slug: path.slice('articles/'.length, -'.json'.length),
      language: searchLanguage((document as { lang?: unknown }).lang),
    }));
  const bundles = planSearch(stories);
  const searched = Object.fromEntries(
    bundles.map((bundle) => [
      bundle.path,
      digest(
        [
          bundle.language,
          ...bundle.slugs.map(
            (slug) => `${slug}\0${inputsByFile.get(`articles/${slug}/index.html`) ?? 'none'}`,
          ),
        ].join('\n'),
      ),
    ]),
  );
  const changed = new Set(
    bundles.map(({ path }) => path).filter((path) => previous?.searched[path] !== searched[path]),
  );
  if (changed.size === 0) {
    logger.info(`search index: no article page changed (${count(bundles.length, 'bundle')})`);
  } else {
    const search = await writeSearchIndex(distDir, bundles, changed);
    logger.info(
      `search index: ${search.made} of ${count(bundles.length, 'bundle')} made again (${count(stories.length, 'story', 'stories')}); ${count(search.written, 'file')} written, ${search.removed} removed, at ${seconds()}`,
    );
  }

  // The CSP allows the pages' inline scripts and styles by hash.
  const deploy = await writeDeployFiles(distDir, {
    hashes: site.inlineHashes,
    pages: site.urls,
    notFound: site.notFoundUrls,
  });
  const siteFiles = [...site.written, ...deploy.written];
  logger.info(
    `site files: ${siteFiles.length > 0 ? `${siteFiles.join(', ')} written` : 'unchanged'} at ${seconds()}`,
  );

  // Last: the precache manifest is made from the finished files, all of them the bundles'
  // (and the shell, which only the bundles change).
  if (!previous) {
    const worker = await buildServiceWorker({ distDir, root, base });
    logger.info(`service worker precaches ${worker.count} files (${worker.size} B)`);
  }

  // 5. Once every file is written: the copies the servers send, of the files that changed.
  const packed = await precompress(distDir, previous?.compressed ?? null);
  const { original, br, gzip } = packed.bytes;
  logger.info(
    `precompressed: ${count(packed.compressed, 'file')} compressed (${kB(original)} to ${kB(br)} as brotli, ${kB(gzip)} as gzip), ${packed.unchanged.toLocaleString('en')} unchanged; ${count(packed.written, 'copy', 'copies')} written, ${packed.removed} removed, at ${seconds()}`,
  );

  await writeState(distDir, {
    format: STATE_FORMAT,
    dispatch: version,
    app,
    manifest: await manifestHash(distDir),
    content: Object.fromEntries(hashes),
    pages: site.pages,
    searched,
    compressed: packed.record,
  });
  logger.info(`done at ${seconds()}`);
}
