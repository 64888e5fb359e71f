/**
 * The inline script that loads the app on a prerendered page. The page is complete HTML, so the
 * app's JS waits until the page has loaded and painted, then until the browser is idle: no
 * script competes with the first paint (see docs/perf-notes.md: this takes article LCP from
 * 2.7× to about 1.0× the static page). A hidden tab never paints, hence the timeout.
 * The entry's static imports are preloaded at the same moment, so they do not load one after
 * another once the entry has been parsed.
 */
export function bootstrapScript(entrySrc: string, imports: readonly string[]): string {
  return `(function(){var d=false;function go(){if(d)return;d=true;${JSON.stringify(imports)}.forEach(function(h){var l=document.createElement('link');l.rel='modulepreload';l.crossOrigin='';l.href=h;document.head.appendChild(l)});var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=${JSON.stringify(entrySrc)};document.head.appendChild(s)}function idle(){if('requestIdleCallback'in window)requestIdleCallback(go,{timeout:500});else setTimeout(go,0)}function painted(){try{var o=new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();idle()}});o.observe({type:'paint',buffered:true})}catch(e){idle()}setTimeout(go,3000)}if(document.readyState==='complete')painted();else addEventListener('load',painted)})();`;
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

/** Every chunk the entry imports statically, directly or not, as URLs. */
export function entryImports(manifest: Record<string, ManifestChunk>, base: string): string[] {
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
  return [...seen].map((file) => `${base}${file}`);
}
