import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';
import { contentPlugin } from './src/build/content-plugin.ts';
import { headPlugin } from './src/build/head-plugin.ts';
import { preloadHelperPlugin } from './src/build/preload-helper-plugin.ts';
import { writeSearchIndex } from './src/build/search-index.ts';
import { writeDeployFiles } from './src/build/deploy-files.ts';
import { buildServiceWorker } from './src/build/service-worker-build.ts';
import { chunking } from './src/build/chunks.ts';
import { ASSETS_DIR } from './src/lib/site-files.ts';

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

export default defineConfig(({ command }) => ({
  plugins: [react(), contentPlugin(), headPlugin(), preloadHelperPlugin()],
  resolve: command === 'build' ? { alias: reactRouterProduction } : {},
  build: {
    outDir,
    assetsDir: ASSETS_DIR,
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
          // The first load in two chunks, everything else on demand, from the import graph.
          output: chunking({
            entry: resolve('src/main.tsx'),
            routeTable: resolve('src/app/routes.tsx'),
          }),
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
