/**
 * The page's Trusted Types default policy, as an inline script that runs first in every page's
 * head. With `require-trusted-types-for 'script'` enforced, a string reaching a script sink
 * (a script's `src`, `new Worker`, a service worker's registration) passes through it: a URL
 * of the site's own origin is allowed, anything else throws. It has no `createHTML` or
 * `createScript`, so no string ever becomes HTML or script. The app's own code, React, the
 * search (Pagefind's worker) and Workbox all load through it unchanged.
 */
export function trustedTypesPolicyScript(): string {
  return `(function(){var t=window.trustedTypes;if(!t||t.defaultPolicy)return;t.createPolicy('default',{createScriptURL:function(u){var x=new URL(u,document.baseURI);if(x.origin!==location.origin)throw new TypeError('Not a script of this site: '+x.href);return x.href}})})();`;
}
