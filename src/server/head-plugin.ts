import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { readingSettingsScript } from '../lib/reading-settings.ts';
import { trustedTypesPolicyScript } from './trusted-types-policy.ts';

/** An SVG as a `data:` URL, escaped for a double-quoted attribute. */
function svgDataUrl(svg: string): string {
  const escaped = svg
    .trim()
    .replace(/"/g, "'")
    .replace(/%/g, '%25')
    .replace(/#/g, '%23')
    .replace(/</g, '%3C')
    .replace(/>/g, '%3E')
    .replace(/\s+/g, ' ');
  return `data:image/svg+xml,${escaped}`;
}

/**
 * What every page's head needs before the first paint, put into `index.html` (dev server and
 * build; every prerendered page and the shell are made from it):
 * - first, the Trusted Types default policy, before any script can reach a sink;
 * - the reading settings' inline script, so they apply before the first paint;
 * - the icon as a `data:` URL, from `public/favicon.svg`: nothing but the document may be
 *   requested before the text paints. The web app manifest's link is added by the app once it
 *   runs (`main.tsx`), for the same reason.
 */
export function headPlugin(): Plugin {
  let icon = '';
  return {
    name: 'dispatch:head',
    configResolved(config) {
      icon = svgDataUrl(readFileSync(resolve(config.publicDir, 'favicon.svg'), 'utf8'));
    },
    transformIndexHtml: () => [
      { tag: 'script', children: trustedTypesPolicyScript(), injectTo: 'head-prepend' },
      { tag: 'script', children: readingSettingsScript(), injectTo: 'head' },
      { tag: 'link', attrs: { rel: 'icon', type: 'image/svg+xml', href: icon }, injectTo: 'head' },
    ],
  };
}
