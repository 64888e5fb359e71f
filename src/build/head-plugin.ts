import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { readingSettingsScripts } from '../lib/reading-settings.ts';
import { trustedTypesPolicyScript } from './trusted-types-policy.ts';
import { iconDataUrl } from './page-document.ts';

/**
 * What every page's head needs before the first paint, put into `index.html` (dev server and
 * build; every prerendered page and the shell are made from it):
 * - first, the Trusted Types default policy, before any script can reach a sink;
 * - the reading settings' inline scripts, so they apply before the first paint: a render-blocking
 *   async module where the browser supports one, so reading storage is not part of the first
 *   parsing task, else a classic script (`readingSettingsScripts`);
 * - the icon as a PNG `data:` URL, from `public/favicon.svg`: nothing but the document may be
 *   requested before the text paints. The web app manifest's link is added by the app once it
 *   runs (`main.tsx`), for the same reason.
 */
export function headPlugin(): Plugin {
  let icon = '';
  const readingSettings = readingSettingsScripts();
  return {
    name: 'dispatch:head',
    configResolved(config) {
      icon = iconDataUrl(readFileSync(resolve(config.publicDir, 'favicon.svg'), 'utf8'));
    },
    transformIndexHtml: () => [
      { tag: 'script', children: trustedTypesPolicyScript(), injectTo: 'head-prepend' },
      { tag: 'script', children: readingSettings.classic, injectTo: 'head' },
      {
        tag: 'script',
        attrs: { type: 'module', async: true, blocking: 'render' },
        children: readingSettings.renderBlocking,
        injectTo: 'head',
      },
      {
        tag: 'link',
        attrs: { rel: 'icon', type: 'image/png', sizes: '32x32', href: icon },
        injectTo: 'head',
      },
    ],
  };
}
