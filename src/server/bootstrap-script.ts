/**
 * The inline script that loads the app on a prerendered page. The page is complete HTML, so the
 * app's JS waits until the page has loaded and painted, then until the browser is idle: no
 * script competes with the first paint (see docs/perf-notes.md: this takes article LCP from
 * 2.7× to about 1.0× the static page). A hidden tab never paints, hence the timeout.
 * The page's chunks (the entry's static imports, and the lazy route it hydrates) are preloaded
 * at the same moment, so they do not load one after another once the entry has run. Their
 * list is the script's `data-preload` attribute: the script itself is the same on every page,
 * so the CSP allows it by one hash.
 */
export function bootstrapScript(entrySrc: string): string {
  return `(function(c){var d=false;function go(){if(d)return;d=true;JSON.parse(c&&c.getAttribute('data-preload')||'[]').forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)});var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=${JSON.stringify(entrySrc)};document.head.appendChild(s)}function idle(){if('requestIdleCallback'in window)requestIdleCallback(go,{timeout:500});else setTimeout(go,0)}function painted(){try{var o=new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();idle()}});o.observe({type:'paint',buffered:true})}catch(e){idle()}setTimeout(go,3000)}if(document.readyState==='complete')painted();else addEventListener('load',painted)})(document.currentScript);`;
}

interface ManifestChunk {
  file: string;
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
