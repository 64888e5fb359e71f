/**
 * The service worker's build step (Node, after the prerender step): bundles
 * `src/service-worker/sw.ts` with Vite, then Workbox writes the precache manifest into it from
 * the finished `dist/`, so the worker knows the real files. The precache holds what every page
 * needs to run offline: the hashed assets, the app shell, the web app manifest and its icons.
 * Pages and content are not precached; saved stories are kept one by one (see features/offline).
 * `favicon.svg` is not: every page draws its icon from a `data:` URL (build/head-plugin.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { ASSETS_DIR, PICTURES_DIR, SERVICE_WORKER_FILE, SHELL_FILE } from '../lib/site-files.ts';

/** Files every page needs, relative to `dist/`. Pagefind loads on demand and stays online-only. */
export const PRECACHE_PATTERNS = [
  `${ASSETS_DIR}/**/*.{js,css}`,
  SHELL_FILE,
  'manifest.webmanifest',
  'icons/*.png',
];

/** Left out of the precache even where a pattern above would match. */
export const PRECACHE_IGNORES = [`${PICTURES_DIR}/**`];

export interface ServiceWorkerBuild {
  /** Files in the precache, and their total size in bytes. */
  count: number;
  size: number;
}

export async function buildServiceWorker({
  distDir,
  root = process.cwd(),
  base = '/',
}: {
  distDir: string;
  root?: string;
  base?: string;
}): Promise<ServiceWorkerBuild> {
  const work = await mkdtemp(join(tmpdir(), 'dispatch-sw-'));
  try {
    await build({
      configFile: false,
      root,
      base,
      logLevel: 'warn',
      // Workbox logs in development builds only.
      define: { 'process.env.NODE_ENV': JSON.stringify('production') },
      build: {
        outDir: work,
        emptyOutDir: true,
        target: 'es2022',
        copyPublicDir: false,
        rolldownOptions: {
          input: resolve(root, 'src/service-worker/sw.ts'),
          output: { format: 'iife', entryFileNames: SERVICE_WORKER_FILE },
        },
      },
    });
    // Loaded here, not with the module: it takes a second or more to load, and a build whose
    // app code is unchanged keeps the worker it has.
    const { injectManifest } = await import('workbox-build');
    const { count, size, warnings } = await injectManifest({
      swSrc: join(work, SERVICE_WORKER_FILE),
      swDest: join(distDir, SERVICE_WORKER_FILE),
      globDirectory: distDir,
      globPatterns: PRECACHE_PATTERNS,
      // Never the story pictures, whatever the patterns say: a reader's browser would download
      // every picture of the edition at install.
      globIgnores: PRECACHE_IGNORES,
      // Hashed names are their own revision (matched after the base is prefixed).
      dontCacheBustURLsMatching: new RegExp(
        `^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${ASSETS_DIR}/`,
      ),
      modifyURLPrefix: { '': base },
    });
    if (warnings.length > 0) throw new Error(`Workbox: ${warnings.join('; ')}`);
    return { count, size };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
