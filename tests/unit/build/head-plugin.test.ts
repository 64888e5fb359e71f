// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HtmlTagDescriptor, Plugin, ResolvedConfig } from 'vite';
import { readingSettingsScripts } from '../../../src/lib/reading-settings';
import { headPlugin } from '../../../src/build/head-plugin';
import {
  DOCUMENT_LANG,
  iconDataUrl,
  NOSCRIPT_MESSAGE,
  serializeTag,
  siteHead,
} from '../../../src/build/page-document';
import { trustedTypesPolicyScript } from '../../../src/build/trusted-types-policy';

const FAVICON = readFileSync('public/favicon.svg', 'utf8');

type DevPlugin = Plugin & {
  configResolved: (config: Pick<ResolvedConfig, 'publicDir'>) => void;
  transformIndexHtml: () => HtmlTagDescriptor[];
};

/** The plugin as the dev server runs it. */
function devPlugin(): DevPlugin {
  const plugin = headPlugin() as DevPlugin;
  plugin.configResolved({ publicDir: 'public' });
  return plugin;
}

/** A tag as Vite writes one (attributes in order, `true` bare), for comparing with page-document's. */
function html({ tag, attrs = {}, children }: HtmlTagDescriptor): string {
  const attributes = Object.entries(attrs)
    .map(([name, value]) => (value === true ? ` ${name}` : ` ${name}="${value}"`))
    .join('');
  if (tag === 'meta' || tag === 'link') return `<${tag}${attributes}>`;
  const inner = typeof children === 'string' ? children : (children ?? []).map(html).join('');
  return `<${tag}${attributes}>${inner}</${tag}>`;
}

/** A PNG's signature, and its first chunk's type, width and height (the header chunk). */
function pngHeader(bytes: Buffer) {
  return {
    signature: bytes.subarray(0, 8).toString('hex'),
    chunk: bytes.subarray(12, 16).toString('ascii'),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
  };
}

describe('the icon', () => {
  it('is the SVG drawn as a 32 px PNG, so no SVG document is built to draw it', () => {
    const url = iconDataUrl(FAVICON);
    expect(url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const png = Buffer.from(url.split(',')[1]!, 'base64');
    expect(pngHeader(png)).toEqual({
      signature: '89504e470d0a1a0a',
      chunk: 'IHDR',
      width: 32,
      height: 32,
    });
  });

  it('is linked from every page as that PNG', () => {
    const link = devPlugin()
      .transformIndexHtml()
      .find((tag) => tag.tag === 'link');
    expect(link?.attrs).toEqual({
      rel: 'icon',
      type: 'image/png',
      sizes: '32x32',
      href: iconDataUrl(FAVICON),
    });
  });
});

describe('the reading settings', () => {
  it('are read by a classic script and by a render-blocking async module, in that order', () => {
    const { classic, renderBlocking } = readingSettingsScripts();
    const scripts = devPlugin()
      .transformIndexHtml()
      .filter((tag) => tag.tag === 'script' && tag.children !== trustedTypesPolicyScript());
    expect(scripts.map(({ attrs, children }) => ({ attrs, children }))).toEqual([
      { attrs: undefined, children: classic },
      { attrs: { type: 'module', async: true, blocking: 'render' }, children: renderBlocking },
    ]);
  });
});

describe('the dev server’s page', () => {
  it('gets the head every built page has, from the same source, and the shell’s message', () => {
    const plugin = devPlugin();
    expect(plugin.apply).toBe('serve');
    const { opening, noscriptStyle, closing } = siteHead(iconDataUrl(FAVICON));
    const injected = (where: HtmlTagDescriptor['injectTo']) =>
      plugin
        .transformIndexHtml()
        .filter((tag) => tag.injectTo === where)
        .map(html);
    // Trusted Types first: Vite puts `head-prepend` tags before the title, in this order.
    expect(injected('head-prepend')).toEqual(opening.map(serializeTag));
    expect(injected('head')).toEqual([noscriptStyle, ...closing].map(serializeTag));
    expect(injected('body')).toEqual([serializeTag(NOSCRIPT_MESSAGE)]);
  });

  it('is index.html: a title, the root element and the entry, and no tag the plugin adds', () => {
    const index = readFileSync('index.html', 'utf8');
    expect(index).toContain(`<html lang="${DOCUMENT_LANG}">`);
    expect(index).toContain('<div id="root"></div>');
    expect(index).toContain('<script type="module" src="/src/main.tsx"></script>');
    expect(index.match(/<[a-z]+\b/g)).toEqual([
      '<html',
      '<head',
      '<title',
      '<body',
      '<div',
      '<script',
    ]);
  });
});

describe('the web app manifest', () => {
  it("lists PNG icons only: the browser draws an SVG one on the page's main thread", () => {
    const manifest = JSON.parse(readFileSync('public/manifest.webmanifest', 'utf8')) as {
      icons: { src: string; type: string; sizes: string }[];
    };
    expect(manifest.icons.length).toBeGreaterThan(0);
    for (const icon of manifest.icons) {
      expect(icon).toMatchObject({ type: 'image/png', src: expect.stringMatching(/\.png$/) });
      expect(icon.sizes).toMatch(/^\d+x\d+$/);
    }
  });
});
