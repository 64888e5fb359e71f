import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { contentPlugin } from './src/build/content-plugin.ts';
import { headPlugin } from './src/build/head-plugin.ts';
import { preloadHelperPlugin } from './src/build/preload-helper-plugin.ts';
import { buildSite } from './src/build/site-build.ts';
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
    // `vite build`: incremental unless `--clean` (build/site-build.ts says what each step does).
    async buildApp(builder) {
      await buildSite({
        root: builder.config.root,
        distDir: outDir,
        ssrDir: ssrOutDir,
        // `npm run build -- --clean` (build/cli.ts).
        clean: process.env.DISPATCH_BUILD_CLEAN === '1',
        settings: { base: builder.config.base, mode: builder.config.mode, env: builder.config.env },
        base: builder.config.base,
        logger: builder.config.logger,
        bundle: async () => {
          await builder.build(builder.environments.client!);
          await builder.build(builder.environments.ssr!);
        },
      });
      // Where the bundles were kept from the last build, none was built now, and Vite then
      // builds every environment after this hook (emptying the build's folder): they are built.
      for (const environment of Object.values(builder.environments)) environment.isBuilt = true;
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    setupFiles: ['tests/setup.ts'],
    // A worker per core: Vitest's default leaves one core to its own process, which sits idle
    // while the files run (on a 2-core machine, one worker instead of two: 158-167 s against
    // 92-110 s). Files that need no DOM say `@vitest-environment node` and skip jsdom's setup.
    maxWorkers: '100%',
    // Room for a busy machine: the limit only matters to a test that would fail anyway.
    testTimeout: 20_000,
    restoreMocks: true,
    unstubGlobals: true,
  },
}));
