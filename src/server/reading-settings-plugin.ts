import type { Plugin } from 'vite';
import { readingSettingsScript } from '../lib/reading-settings.ts';

/**
 * Puts the reading settings' inline script first in the head of `index.html` (dev server and
 * build), so every prerendered page and the app shell apply them before the first paint.
 */
export function readingSettingsPlugin(): Plugin {
  return {
    name: 'dispatch:reading-settings',
    transformIndexHtml: () => [
      { tag: 'script', children: readingSettingsScript(), injectTo: 'head' },
    ],
  };
}
