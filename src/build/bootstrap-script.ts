import { REACT_CHUNK } from './chunks.ts';

/**
 * The inline script that loads the app. On a prerendered page, which is complete HTML, the
 * app's JS waits until the page has loaded and painted, then until the browser is idle: no
 * script competes with the first paint (see docs/perf-notes.md: this takes article LCP from
 * 2.7× to about 1.0× the static page). A hidden tab never paints, hence the timeout.
 * The page's chunks (the entry's static imports, and the on-demand route it hydrates) are
 * preloaded with the entry, so they do not load one after another once the entry has run. The
 * list is the script's attribute: the script itself is the same on every page, so the CSP allows
 * it by one hash.
 *
 * React's chunk (`data-first`, see `firstChunk`) runs as a module script of its own, then the
 * entry: the first load is evaluated in two tasks, not one. A prerendered page inlines only the
 * rules of the stylesheet its markup uses (page-css.ts): the whole sheet (`data-css`) loads
 * with the chunks, and the entry runs once it has, so what the app renders is styled. The app
 * shell, which shows nothing until the app runs, loads it all at once (`data-now`).
 */
export function bootstrapScript(entrySrc: string): string {
  return `(function(c){var d=false;function go(){if(d)return;d=true;var e=${JSON.stringify(entrySrc)},f=c&&c.getAttribute('data-first');function link(r,h,then){var l=document.createElement('link');l.rel=r;l.crossOrigin='';l.href=h;if(then)l.onload=l.onerror=then;document.head.appendChild(l)}JSON.parse(c&&c.getAttribute('data-preload')||'[]').concat(e).forEach(function(h){link('modulepreload',h)});var w=1;function next(){if(--w===0)run(e)}JSON.parse(c&&c.getAttribute('data-css')||'[]').forEach(function(h){w++;link('stylesheet',h,next)});function run(h,then){var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=h;if(then)s.onload=s.onerror=then;document.head.appendChild(s)}if(f)run(f,next);else next()}function idle(){if('requestIdleCallback'in window)requestIdleCallback(go,{timeout:500});else setTimeout(go,0)}function painted(){try{var o=new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();idle()}});o.observe({type:'paint',buffered:true})}catch(e){idle()}setTimeout(go,3000)}if(c&&c.hasAttribute('data-now'))go();else if(document.readyState==='complete')painted();else addEventListener('load',painted)})(document.currentScript);`;
}

interface ManifestChunk {
  file: string;
  name?: string;
  imports?: string[];
  isEntry?: boolean;
}

/**
 * The chunks a page needs before it can hydrate, as URLs: the entry's static imports, and the
 * on-demand route modules the page matched (`handle.module` in app/routes.tsx; the start-up
 * loads those before hydrating) with their imports.
 */
export function pageChunks(
  manifest: Record<string, ManifestChunk>,
  base: string,
  routeModules: readonly string[] = [],
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
  for (const module of routeModules) {
    if (!manifest[module]) throw new Error(`The manifest has no chunk for ${module}`);
    visit([module]);
  }
  return [...seen].map((file) => `${base}${file}`);
}

/**
 * The chunk a page (prerendered, or the app shell) runs as a module script of its own before the
 * entry: React's (it imports only Rolldown's runtime). The entry's evaluation then finds it
 * evaluated already.
 * An attached DevTools client (Lighthouse, Playwright, a reader with DevTools open) registers
 * every script of a module graph in the task that evaluates it, at a cost in proportion to its
 * size, and React DOM made its sentinel errors with a stack there: for the whole first load, one
 * task of about 60 ms at 4× CPU under Lighthouse's applied throttling, which put TTI past 2 s; so,
 * two of about half that (docs/perf-notes.md, "What measuring costs"). Readers without an
 * inspector gain little and lose nothing: no byte more of JS, and every chunk is already being
 * fetched.
 */
export function firstChunk(manifest: Record<string, ManifestChunk>, base: string): string {
  const chunk = Object.values(manifest).find((candidate) => candidate.name === REACT_CHUNK);
  if (!chunk) throw new Error(`The manifest has no chunk named ${REACT_CHUNK}`);
  return `${base}${chunk.file}`;
}
