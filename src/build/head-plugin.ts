import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';
import { iconDataUrl, NOSCRIPT_MESSAGE, siteHead, type Tag } from './page-document.ts';

/** A tag as Vite's `transformIndexHtml` takes it. */
const descriptor = ({ tag, attrs, children }: Tag): HtmlTagDescriptor => ({
  tag,
  attrs,
  children: typeof children === 'string' ? children : children?.map(descriptor),
});

/**
 * The dev server's page: `index.html` holds only what Vite needs (the root element and the
 * entry's module script); this puts in the head every page's site-wide tags (`siteHead` in
 * page-document.ts, the same the prerender step writes into every built page), and the message
 * for readers without JavaScript, as the app shell has. The build's pages are written by the
 * prerender step, which never reads the `index.html` Vite builds.
 */
export function headPlugin(): Plugin {
  let icon = '';
  let base = '/';
  return {
    name: 'dispatch:head',
    apply: 'serve',
    configResolved(config) {
      icon = iconDataUrl(readFileSync(resolve(config.publicDir, 'favicon.svg'), 'utf8'));
      base = config.base;
    },
    transformIndexHtml: () => {
      const { opening, noscriptStyle, closing } = siteHead(icon, base);
      return [
        ...opening.map((tag) => ({ ...descriptor(tag), injectTo: 'head-prepend' as const })),
        ...[noscriptStyle, ...closing].map((tag) => ({
          ...descriptor(tag),
          injectTo: 'head' as const,
        })),
        { ...descriptor(NOSCRIPT_MESSAGE), injectTo: 'body' as const },
      ];
    },
  };
}
