import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';
import { contentPlugin } from './src/build/content-plugin.ts';
import { headPlugin } from './src/build/head-plugin.ts';
import { preloadHelperPlugin } from './src/build/preload-helper-plugin.ts';
import { reactSentinelsPlugin } from './src/build/react-sentinels-plugin.ts';
import { writeSearchIndex } from './src/build/search-index.ts';
import { writeDeployFiles } from './src/build/deploy-files.ts';
import { buildServiceWorker } from './src/build/service-worker-build.ts';
import { REACT_CHUNK } from './src/build/bootstrap-script.ts';

/** Where the build goes; a second build (the e2e test of ingest, a bench) builds elsewhere. */
const outDir = process.env.DISPATCH_DIST_DIR ?? 'dist';
/**
 * The prerender bundle stays inside the project, where Node resolves its packages; a build
 * elsewhere gets a folder of its own, so two builds never share one.
 */
const ssrOutDir =
  outDir === 'dist'
    ? 'dist-ssr'
    : `node_modules/.cache/dispatch-ssr/${createHash('sha1').update(resolve(outDir)).digest('hex').slice(0, 12)}`;

/**
 * The HTML entry itself, and what loads on demand: lazy routes' own code, the bookmark store,
 * offline reading (the service worker's registration, saved stories' copies).
 */
const ON_DEMAND =
  /index\.html|node_modules\/(valibot|workbox-window)\/|src\/(main\.tsx|content\/quotes\.ts|lib\/head-tags\.ts|routes\/(home|quotes|saved|search)\.tsx|features\/(edition|quotes)\/|features\/search\/(search-page|pagefind)|features\/bookmarks\/(bookmark-store|saved-page)|app\/offline-sync|features\/offline\/(offline-copies|offline-notices|offline-state|offline-status|saved-offline-list|service-worker-registration)|features\/reading\/(continue-reading|reading-positions|reading-settings-panel|reading-tracker|shortcuts-dialog)|content\/(edition|schema|story-urls|validate)\.ts|lib\/(offline-cache|share-card|search-bundles))/;

/**
 * React, React DOM and the scheduler only React DOM uses: the first-load chunk `react`
 * (`REACT_CHUNK`), which a prerendered page runs ahead of the entry (build/bootstrap-script.ts).
 */
const REACT = /node_modules\/(react|react-dom|scheduler)\//;

/** V8's magic comment; it must be the first line of the script. */
const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/**
 * The first-load chunks, and the lazy routes a first load of their URL runs before hydrating:
 * nearly every function in them runs at once. Chunks loaded later keep V8's lazy compilation.
 */
function compilesEagerly(chunk: { name: string; facadeModuleId: string | null }): boolean {
  return (
    chunk.name === 'app' ||
    chunk.name === REACT_CHUNK ||
    /\/src\/routes\/(home|quotes)\.tsx$/.test(chunk.facadeModuleId ?? '')
  );
}

/**
 * React Router 7's package exports only its development build (remix-run/react-router#14102),
 * which keeps its dev warnings on. The production build beside it is the same code with them off.
 */
const reactRouterProduction = [
  {
    find: /^react-router$/,
    replacement: resolve('node_modules/react-router/dist/production/index.mjs'),
  },
  {
    find: /^react-router\/dom$/,
    replacement: resolve('node_modules/react-router/dist/production/dom-export.mjs'),
  },
];

/** React DOM's client, initialised on first call rather than with the first-load chunk. */
const reactDomClientOnCall = {
  find: /^\.\/app\/react-dom-client$/,
  replacement: resolve('src/app/react-dom-client.cjs'),
};

export default defineConfig(({ command }) => ({
  plugins: [react(), contentPlugin(), headPlugin(), reactSentinelsPlugin(), preloadHelperPlugin()],
  resolve: command === 'build' ? { alias: [...reactRouterProduction, reactDomClientOnCall] } : {},
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // No modulepreload links or helper: on a prerendered page they put all the JS in front of
    // LCP (see docs/perf-notes.md); the bootstrap script loads the entry once the page has painted.
    modulePreload: false,
    // The budget test and the prerender step read it to follow the entry's imports.
    manifest: true,
  },
  environments: {
    client: {
      build: {
        rolldownOptions: {
          output: {
            // Two chunks for everything a first load needs, beside the entry: React (which
            // changes only when React is upgraded, so a reader's cached copy outlives most
            // deploys) and the rest; lazy routes and the bookmark store (loaded after hydration)
            // stay apart. Without this, Rolldown splits every module a lazy chunk shares into
            // chunks of its own: more requests, more bytes. Apart, React and the app compress
            // to 87 B less than together (React's code has little in common with the app's).
            codeSplitting: {
              groups: [
                { name: REACT_CHUNK, test: REACT, priority: 20 },
                { name: 'app', test: (id: string) => !ON_DEMAND.test(id), priority: 10 },
              ],
            },
            // An explicit compile hint (Chrome 136+, ignored elsewhere): V8 compiles every
            // function of the chunk while the script streams in, off the main thread, instead
            // of lazily on first call during evaluation and hydration (see docs/perf-notes.md).
            // After minification, or the minifier would drop the comment.
            postBanner: (chunk) => (compilesEagerly(chunk) ? EAGER_COMPILE_HINT : ''),
          },
        },
      },
    },
    // Node bundle of the prerender step; it renders with the same route tree as the browser.
    ssr: {
      build: {
        outDir: ssrOutDir,
        emptyOutDir: true,
        rolldownOptions: {
          input: {
            prerender: 'src/build/prerender.ts',
            'prerender-worker': 'src/build/prerender-worker.ts',
            'share-card-worker': 'src/build/share-card-worker.ts',
          },
        },
      },
    },
  },
  builder: {
    // `vite build`: the client, then the prerender bundle, the prerendered pages, their share
    // cards, the search index, the servers' headers, the service worker.
    async buildApp(builder) {
      const started = performance.now();
      const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
      await builder.build(builder.environments.client!);
      await builder.build(builder.environments.ssr!);
      builder.config.logger.info(`client and prerender bundles built at ${seconds()} s`);
      const entry = pathToFileURL(resolve(ssrOutDir, 'prerender.js')).href;
      const { prerenderSite, writeShareCards } = (await import(
        entry
      )) as typeof import('./src/build/prerender');
      const { urls, notFoundUrls, cards, inlineHashes } = await prerenderSite({
        distDir: resolve(outDir),
        workerEntry: resolve(ssrOutDir, 'prerender-worker.js'),
      });
      builder.config.logger.info(`prerendered ${urls.length} pages at ${seconds()} s`);
      // The pictures the pages name: rendered once per distinct text, then kept in a cache.
      const shareCards = await writeShareCards({
        distDir: resolve(outDir),
        cacheDir: resolve(process.env.DISPATCH_CARD_CACHE ?? 'node_modules/.cache/dispatch-cards'),
        cards,
        workerEntry: resolve(ssrOutDir, 'share-card-worker.js'),
      });
      builder.config.logger.info(
        `share cards: ${shareCards.cards} (${shareCards.rendered} rendered in ${Math.round(shareCards.renderMs)} ms of CPU, ${shareCards.bytes} B) at ${seconds()} s`,
      );
      const search = await writeSearchIndex(resolve(outDir));
      builder.config.logger.info(
        `indexed ${search.pages} articles for search (${search.languages.join(', ')}) at ${seconds()} s`,
      );
      // The CSP allows the pages' inline scripts and styles by hash.
      const deploy = await writeDeployFiles(resolve(outDir), {
        hashes: inlineHashes,
        pages: urls,
        notFound: notFoundUrls,
      });
      builder.config.logger.info(
        `security headers for ${deploy.pages} pages (CSP ${deploy.csp.length} B) at ${seconds()} s`,
      );
      // Last: the precache manifest is made from the finished files.
      const worker = await buildServiceWorker({
        distDir: resolve(outDir),
        root: builder.config.root,
        base: builder.config.base,
      });
      builder.config.logger.info(
        `service worker precaches ${worker.count} files (${worker.size} B); done at ${seconds()} s`,
      );
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    restoreMocks: true,
    unstubGlobals: true,
  },
}));
