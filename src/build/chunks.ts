import type { Rolldown } from 'vite';

/** React, React DOM and the scheduler only React DOM uses. */
const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/;

/** V8's magic comment; it must be the first line of the script. */
export const EAGER_COMPILE_HINT = '//# allFunctionsCalledOnLoad';

/** The first-load chunk that holds React: the bootstrap evaluates it in a task of its own. */
export const REACT_CHUNK = 'react';

export interface ChunkingOptions {
  /** The client entry's module id (an absolute path). */
  entry: string;
  /** The route table's module id: what it imports on demand are the route modules. */
  routeTable: string;
}

/**
 * How the client build splits its code, derived from the import graph itself, so no list of
 * modules has to be kept by hand:
 * - everything the entry imports statically is the first load, in two chunks: `react` (React,
 *   React DOM and the scheduler: its file name changes only when React is upgraded, so a
 *   reader's cached copy outlives app deploys) and `app`, the rest. Without the groups Rolldown
 *   splits every module a lazy chunk shares into chunks of its own: more requests, more bytes.
 * - anything reached only through an `import()` stays out of them, wherever it is written: a new
 *   on-demand module cannot silently join the first load (the budget test weighs what does).
 * - the first-load chunks, and the route modules (which a first load of their URL runs before
 *   hydrating), start with V8's explicit compile hint: Chrome compiles them while they stream
 *   in, off the main thread, instead of function by function during hydration
 *   (docs/perf-notes.md, "Hydration without long tasks"). Chunks loaded on demand keep lazy
 *   compilation. After minification (`postBanner`), or the minifier would drop the comment.
 */
export function chunking({ entry, routeTable }: ChunkingOptions) {
  let graph: { firstLoad: Set<string>; routeModules: Set<string> } | undefined;

  const readGraph = (ctx: Rolldown.ChunkingContext) => {
    const firstLoad = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
      const id = pending.pop()!;
      if (firstLoad.has(id)) continue;
      firstLoad.add(id);
      pending.push(...(ctx.getModuleInfo(id)?.importedIds ?? []));
    }
    const routeModules = new Set(ctx.getModuleInfo(routeTable)?.dynamicallyImportedIds ?? []);
    if (!firstLoad.has(routeTable) || routeModules.size === 0) {
      throw new Error(`chunking: ${routeTable} is not a first-load module with route imports`);
    }
    return { firstLoad, routeModules };
  };

  // React's CommonJS files reach each other by `require`, which the graph's static imports do
  // not list: its group is named by path. All of it is first-load code.
  const react: Rolldown.CodeSplittingGroup = { name: REACT_CHUNK, test: REACT, priority: 20 };
  const app: Rolldown.CodeSplittingGroup = {
    debugName: 'app',
    priority: 10,
    // The context's method reads `this`: called on it, not taken from it.
    name: (id, ctx) => {
      graph ??= readGraph(ctx);
      return id !== entry && graph.firstLoad.has(id) ? 'app' : null;
    },
  };

  const compilesEagerly = (chunk: Rolldown.RenderedChunk) =>
    chunk.name === 'app' ||
    chunk.name === REACT_CHUNK ||
    (chunk.isDynamicEntry && graph?.routeModules.has(chunk.facadeModuleId ?? '') === true);

  return {
    codeSplitting: { groups: [react, app] },
    postBanner: (chunk: Rolldown.RenderedChunk) =>
      compilesEagerly(chunk) ? EAGER_COMPILE_HINT : '',
  };
}
