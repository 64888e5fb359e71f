import { version as viteVersion, type Plugin } from 'vite';

/**
 * The module Vite wraps every dynamic import of a client build in (vitejs/vite#18551). Vite's
 * own name for it, not a documented API: the build fails, naming Vite, if Vite stops loading it
 * (see `generateBundle`), and a unit test reads the installed Vite for it.
 */
export const PRELOAD_HELPER_ID = '\0vite/preload-helper.js';

/**
 * The helper, for a build whose lazy chunks have nothing to preload: the dynamic import, as is.
 * Vite's own helper (about 1 KB in the first-load chunk) preloads a lazy chunk's imports and CSS;
 * this build preloads no modules (`build.modulePreload: false`) and lazy chunks carry no CSS.
 */
export const helperSource = 'export const __vitePreload = (load) => load();\n';

/** Matches a dependency list Vite filled in: `__vite__mapDeps([...])` is only written for one. */
const FILLED_DEPENDENCIES = /__vite__mapDeps\(/;

/**
 * Replaces Vite's preload helper with the dynamic import alone. The build fails if a lazy chunk
 * ever does need a preload (its CSS, most likely): the helper here would leave it unloaded.
 */
export function preloadHelperPlugin(): Plugin {
  let stoodIn = false;
  return {
    name: 'dispatch:preload-helper',
    apply: 'build',
    // Vite wraps dynamic imports in the helper only in the browser's build.
    applyToEnvironment: (environment) => environment.config.consumer === 'client',
    enforce: 'pre',
    resolveId(id) {
      return id === PRELOAD_HELPER_ID ? id : null;
    },
    load(id) {
      if (id !== PRELOAD_HELPER_ID) return null;
      stoodIn = true;
      return helperSource;
    },
    // Last, after Vite's own plugin has filled in the dependency lists.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
        if (!stoodIn && chunks.some((chunk) => chunk.dynamicImports.length > 0)) {
          this.error(
            `Vite ${viteVersion} no longer loads its preload helper as ${JSON.stringify(PRELOAD_HELPER_ID)}: src/build/preload-helper-plugin.ts stood in for nothing, and about 500 B gzip of helper is back in the first load`,
          );
        }
        for (const file of chunks) {
          if (FILLED_DEPENDENCIES.test(file.code)) {
            this.error(
              `${file.fileName} preloads a lazy chunk's dependencies (modules or CSS), which this build's preload helper does not do`,
            );
          }
        }
      },
    },
  };
}
