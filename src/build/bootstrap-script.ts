/**
 * The inline script that loads the app on a prerendered page. The page is complete HTML, so the
 * app's JS waits until the page has loaded and painted, then until the browser is idle: no
 * script competes with the first paint (see docs/perf-notes.md: this takes article LCP from
 * 2.7× to about 1.0× the static page). A hidden tab never paints, hence the timeout.
 * The page's chunks (the entry's static imports, and the lazy route it hydrates) and the entry
 * are preloaded at the same moment, so they do not load one after another once the entry has
 * run. Then React's chunk (`data-first`) runs as a module script of its own, and the entry once
 * it has: the two halves of the first load are evaluated in two tasks, not one (an attached
 * inspector's work is in proportion to the script a task evaluates; see `firstChunk`). The
 * lists are the script's attributes: the script itself is the same on every page, so the CSP
 * allows it by one hash.
 */
export function bootstrapScript(entrySrc: string): string {
  return `(function(c){var d=false;function go(){if(d)return;d=true;var e=${JSON.stringify(entrySrc)},f=c&&c.getAttribute('data-first');JSON.parse(c&&c.getAttribute('data-preload')||'[]').concat(e).forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)});function run(h,then){var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=h;if(then)s.onload=s.onerror=then;document.head.appendChild(s)}if(f)run(f,function(){run(e)});else run(e)}function idle(){if('requestIdleCallback'in window)requestIdleCallback(go,{timeout:500});else setTimeout(go,0)}function painted(){try{var o=new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();idle()}});o.observe({type:'paint',buffered:true})}catch(e){idle()}setTimeout(go,3000)}if(document.readyState==='complete')painted();else addEventListener('load',painted)})(document.currentScript);`;
}

interface ManifestChunk {
  file: string;
  name?: string;
  imports?: string[];
  isEntry?: boolean;
}

/**
 * The module of each lazy route, by route id (app/routes.tsx), as the Vite manifest names it.
 * A unit test checks that every lazy route is here.
 */
export const LAZY_ROUTE_MODULES: Readonly<Record<string, string>> = {
  home: 'src/routes/home.tsx',
  'edition-page': 'src/routes/home.tsx',
  quotes: 'src/routes/quotes.tsx',
  quote: 'src/routes/quotes.tsx',
  search: 'src/routes/search.tsx',
  saved: 'src/routes/saved.tsx',
};

/**
 * The chunks a page needs before it can hydrate, as URLs: the entry's static imports, and the
 * lazy routes the page matched (main.tsx loads those before hydrating) with their imports.
 */
export function pageChunks(
  manifest: Record<string, ManifestChunk>,
  base: string,
  routeIds: readonly string[] = [],
): string[] {
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  const seen = new Set<string>();
  const visit = (keys: readonly string[] = []) => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (!chunk || seen.has(chunk.file)) continue;
      seen.add(chunk.file);
      visit(chunk.imports);
    }
  };
  visit(entry?.imports);
  for (const id of routeIds) {
    const module = LAZY_ROUTE_MODULES[id];
    if (!module) continue;
    if (!manifest[module]) throw new Error(`The manifest has no chunk for ${module}`);
    visit([module]);
  }
  return [...seen].map((file) => `${base}${file}`);
}

/** The name of the first-load chunk that holds React (vite.config.ts). */
export const REACT_CHUNK = 'react';

/**
 * The chunk a page runs as a module script of its own before the entry: React's (it imports only
 * Rolldown's runtime, and runs none of React's code until the app requires it). The entry's
 * evaluation then finds it evaluated already. A DevTools client (Lighthouse, Playwright, a
 * reader with DevTools open) registers every script of a module graph in the task that
 * evaluates the graph, at a cost in proportion to its size: for the whole first load, one task
 * of about 50 ms at 4× CPU slowdown; so, two of about half that (docs/perf-notes.md, "What
 * measuring costs"). Readers without one gain nothing and lose nothing: no byte more of JS,
 * and every chunk is already being fetched.
 */
export function firstChunk(manifest: Record<string, ManifestChunk>, base: string): string {
  const chunk = Object.values(manifest).find((candidate) => candidate.name === REACT_CHUNK);
  if (!chunk) throw new Error(`The manifest has no chunk named ${REACT_CHUNK}`);
  return `${base}${chunk.file}`;
}
