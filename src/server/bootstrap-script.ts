/**
 * The inline script that loads the app on a prerendered page. The page is complete HTML, so the
 * app's JS waits until the page has loaded and painted, then until the browser is idle: no
 * script competes with the first paint (see shared PERF-NOTES: this takes article LCP from
 * 2.7× to about 1.0× the static page). A hidden tab never paints, hence the timeout.
 */
export function bootstrapScript(entrySrc: string): string {
  return `(function(){var d=false;function go(){if(d)return;d=true;var s=document.createElement('script');s.type='module';s.crossOrigin='';s.src=${JSON.stringify(entrySrc)};document.head.appendChild(s)}function idle(){if('requestIdleCallback'in window)requestIdleCallback(go,{timeout:500});else setTimeout(go,0)}function painted(){try{var o=new PerformanceObserver(function(l){if(l.getEntriesByName('first-contentful-paint').length){o.disconnect();idle()}});o.observe({type:'paint',buffered:true})}catch(e){idle()}setTimeout(go,3000)}if(document.readyState==='complete')painted();else addEventListener('load',painted)})();`;
}
