/**
 * Every page's HTML document, made from parts the project owns. The prerender step writes each
 * page with `renderDocument`; the dev server's `index.html` gets the same site-wide head from the
 * head plugin (`siteHead`, head-plugin.ts). Nothing here reads the HTML Vite writes: the build's
 * entry script and stylesheets come from Vite's manifest (`entryFiles`), a documented format
 * (Vite's guide, "Backend Integration").
 *
 * Loaded by the Vite config (through the head plugin): it names its `.ts` imports.
 */
import { Resvg } from '@resvg/resvg-js';
import type { Manifest } from 'vite';
import { readingSettingsScripts } from '../lib/reading-settings.ts';
import { FEED_ATOM, FEED_JSON } from '../lib/site-files.ts';
import { trustedTypesPolicyScript } from './trusted-types-policy.ts';

/** An element as data: its attributes in order (`true` is an attribute without a value). */
export interface Tag {
  tag: string;
  attrs?: Record<string, string | true>;
  /** Text (a script's or style's is written as it is), or elements. */
  children?: string | Tag[];
}

export const DOCUMENT_LANG = 'en';
export const ROOT_ELEMENT_ID = 'root';

const VOID_ELEMENTS = new Set(['meta', 'link']);
/** Elements whose text is not parsed as markup: it is written as it is, and must not end them. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const escapeText = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function serializeTag({ tag, attrs = {}, children = '' }: Tag): string {
  const attributes = Object.entries(attrs)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`))
    .join('');
  if (VOID_ELEMENTS.has(tag)) return `<${tag}${attributes}>`;
  let content: string;
  if (typeof children !== 'string') content = children.map(serializeTag).join('');
  else if (!RAW_TEXT_ELEMENTS.has(tag)) content = escapeText(children);
  else if (children.toLowerCase().includes(`</${tag}`)) {
    throw new Error(`An inline <${tag}> holds "</${tag}", which would end it early`);
  } else content = children;
  return `<${tag}${attributes}>${content}</${tag}>`;
}

const ICON_SIZE = 32;

/**
 * The icon, drawn from its SVG as a 32 px PNG `data:` URL (a tab's icon is 16 CSS px; 32 covers
 * a 2× screen). Chromium draws an SVG icon by building a document of its own on the page's main
 * thread, a task of 30–100 ms at 4× CPU slowdown soon after the first paint; a PNG this size
 * decodes in well under a millisecond.
 */
export function iconDataUrl(svg: string): string {
  const png = new Resvg(svg, { fitTo: { mode: 'width', value: ICON_SIZE } }).render().asPng();
  return `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
}

/**
 * Controls that need JavaScript keep their space but are hidden when it is off; the ways on for
 * readers without it show instead. Written minified, as it is sent: the CSP allows it by hash.
 */
const NOSCRIPT_CSS = '.needs-js{visibility:hidden}html .noscript-only{display:block}';

/** What every page's head holds besides the page's own tags and the stylesheet. */
export interface SiteHead {
  /** First: the Trusted Types policy, then the document's metadata. */
  opening: Tag[];
  /** After the page's own tags, before the stylesheet. */
  noscriptStyle: Tag;
  /** After the stylesheet: the reading settings' scripts and the icon. */
  closing: Tag[];
}

/**
 * The edition's feeds, for feed readers and browsers to discover from any page. (The title is
 * lib/site.ts's SITE_NAME, which this module cannot import: the Vite config loads it, in Node,
 * where `import.meta.env` is not set.)
 */
export function feedLinks(base: string): Tag[] {
  return [
    { type: 'application/atom+xml', file: FEED_ATOM },
    { type: 'application/feed+json', file: FEED_JSON },
  ].map(({ type, file }) => ({
    tag: 'link',
    attrs: { rel: 'alternate', type, title: 'Dispatch', href: `${base}${file}` },
  }));
}

/**
 * The site's part of every head, in order:
 * - first, the Trusted Types default policy, before any script can reach a sink;
 * - the charset, viewport, colour scheme and theme colours;
 * - the style for readers without JavaScript;
 * - the reading settings' inline scripts, so they apply before the first paint: a render-blocking
 *   async module where the browser supports one, so reading storage is not part of the first
 *   parsing task, else a classic script (`readingSettingsScripts`);
 * - the icon as a PNG `data:` URL (`iconDataUrl`): nothing but the document may be requested
 *   before the text paints. The web app manifest's link is added by the app once it runs
 *   (`main.tsx`), for the same reason;
 * - the feeds' alternate links (`feedLinks`), which nothing requests as the page loads.
 */
export function siteHead(icon: string, base = '/'): SiteHead {
  const readingSettings = readingSettingsScripts();
  const meta = (attrs: Record<string, string>): Tag => ({ tag: 'meta', attrs });
  return {
    opening: [
      { tag: 'script', children: trustedTypesPolicyScript() },
      meta({ charset: 'UTF-8' }),
      meta({ name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      meta({ name: 'color-scheme', content: 'light dark' }),
      meta({ name: 'theme-color', content: '#fdfcf9', media: '(prefers-color-scheme: light)' }),
      meta({ name: 'theme-color', content: '#141414', media: '(prefers-color-scheme: dark)' }),
    ],
    noscriptStyle: { tag: 'noscript', children: [{ tag: 'style', children: NOSCRIPT_CSS }] },
    closing: [
      { tag: 'script', children: readingSettings.classic },
      {
        tag: 'script',
        attrs: { type: 'module', async: true, blocking: 'render' },
        children: readingSettings.renderBlocking,
      },
      {
        tag: 'link',
        attrs: { rel: 'icon', type: 'image/png', sizes: `${ICON_SIZE}x${ICON_SIZE}`, href: icon },
      },
      ...feedLinks(base),
    ],
  };
}

/** For a page that cannot work without JavaScript (the app shell, and the dev server's page). */
export const NOSCRIPT_MESSAGE: Tag = {
  tag: 'noscript',
  children: [{ tag: 'p', children: 'Dispatch needs JavaScript for this page.' }],
};

/** A page's document, as `renderDocument` writes it. */
export interface DocumentParts {
  /** The site's part of the head (`siteHead`). */
  site: SiteHead;
  /** The page's own head tags as HTML, its `<title>` first (`renderHead` in lib/head-tags.ts). */
  head: string;
  /** The id of the element whose start tag ends the render blocking (`<link rel="expect">`). */
  expect?: string;
  /** The stylesheets: inline `<style>`s or `<link>`s. */
  styles: Tag[];
  /** The app's markup, inside the root element. */
  html: string;
  /** Scripts right after the root element, run as the parser reaches them. */
  afterRoot?: Tag[];
  /** Shown to readers without JavaScript, after the root element. */
  noscript?: Tag;
  /** The end of the body: the page's data, then whatever loads the app. */
  scripts?: Tag[];
}

/**
 * The whole document. The head: the site's opening tags, the page's own, the expect link, the
 * noscript style, the stylesheets, the site's closing tags. The body: the root element with the
 * app's markup, then the scripts.
 */
export function renderDocument(parts: DocumentParts): string {
  const { site, expect, afterRoot = [], noscript, scripts = [] } = parts;
  const head = [
    ...site.opening.map(serializeTag),
    parts.head,
    ...(expect === undefined
      ? []
      : [
          serializeTag({
            tag: 'link',
            attrs: { rel: 'expect', href: `#${expect}`, blocking: 'render' },
          }),
        ]),
    serializeTag(site.noscriptStyle),
    ...parts.styles.map(serializeTag),
    ...site.closing.map(serializeTag),
  ];
  const body = [
    `<div id="${ROOT_ELEMENT_ID}">${parts.html}</div>${afterRoot.map(serializeTag).join('')}`,
    ...(noscript ? [serializeTag(noscript)] : []),
    ...(scripts.length ? [scripts.map(serializeTag).join('')] : []),
  ];
  return `<!doctype html>
<html lang="${DOCUMENT_LANG}">
  <head>
    ${head.join('\n    ')}
  </head>
  <body>
    ${body.join('\n    ')}
  </body>
</html>
`;
}

/** The files of a built entry: its script, and every stylesheet it and its static imports load. */
export interface EntryFiles {
  script: string;
  css: string[];
}

/**
 * The entry's script and stylesheets from Vite's manifest (`.vite/manifest.json`), as Vite's
 * guide ("Backend Integration") says to read it: the entry chunk's `file`; its `css`, then the
 * `css` of the chunks it imports statically, followed recursively. Paths are relative to the
 * output folder.
 */
export function entryFiles(manifest: Manifest, entry = 'index.html'): EntryFiles {
  const chunk = manifest[entry];
  if (!chunk?.isEntry) throw new Error(`Vite's manifest has no entry ${entry}`);
  const css = [...(chunk.css ?? [])];
  const seen = new Set<string>();
  const visit = (keys: readonly string[] = []) => {
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      const imported = manifest[key];
      if (!imported) throw new Error(`Vite's manifest has no chunk ${key}`);
      visit(imported.imports);
      css.push(...(imported.css ?? []));
    }
  };
  visit(chunk.imports);
  return { script: chunk.file, css: [...new Set(css)] };
}
