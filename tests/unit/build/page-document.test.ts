// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Manifest } from 'vite';
import {
  entryFiles,
  NOSCRIPT_MESSAGE,
  renderDocument,
  serializeTag,
  siteHead,
  type DocumentParts,
} from '../../../src/build/page-document';
import { readingSettingsScripts } from '../../../src/lib/reading-settings';
import { trustedTypesPolicyScript } from '../../../src/build/trusted-types-policy';

const ICON = 'data:image/png;base64,AAAA';

describe('a tag', () => {
  it('keeps its attributes in order, writes `true` as a bare attribute, and escapes values', () => {
    expect(
      serializeTag({
        tag: 'script',
        attrs: { type: 'module', crossorigin: true, 'data-preload': '["/a.js"]&<>' },
        children: 'go()',
      }),
    ).toBe(
      '<script type="module" crossorigin data-preload="[&quot;/a.js&quot;]&amp;&lt;&gt;">go()</script>',
    );
  });

  it('has no end tag when it is void, and elements or escaped text inside when not', () => {
    expect(serializeTag({ tag: 'meta', attrs: { charset: 'UTF-8' } })).toBe(
      '<meta charset="UTF-8">',
    );
    expect(serializeTag({ tag: 'p', children: 'Fish & <chips>' })).toBe(
      '<p>Fish &amp; &lt;chips&gt;</p>',
    );
    expect(serializeTag(NOSCRIPT_MESSAGE)).toBe(
      '<noscript><p>Dispatch needs JavaScript for this page.</p></noscript>',
    );
  });

  it('writes a script or style as it is, and refuses one whose text would end it early', () => {
    expect(serializeTag({ tag: 'style', children: 'a>b{color:red}' })).toBe(
      '<style>a>b{color:red}</style>',
    );
    expect(() => serializeTag({ tag: 'script', children: 'x="</SCRIPT>"' })).toThrow(/end it/);
    expect(() => serializeTag({ tag: 'style', children: '</style><p>' })).toThrow(/end it/);
  });
});

const parts = (overrides: Partial<DocumentParts> = {}): DocumentParts => ({
  site: siteHead(ICON),
  head: '<title>A page · Dispatch</title>\n    <meta name="description" content="A page">',
  styles: [{ tag: 'style', children: 'body{margin:0}' }],
  html: '<main id="main">Text</main>',
  ...overrides,
});

describe('a page’s document', () => {
  it('is the site’s head around the page’s own tags, then the root and the scripts', () => {
    const html = renderDocument(
      parts({
        expect: 'dispatch-state',
        afterRoot: [{ tag: 'script', attrs: { 'data-land': 'x' }, children: 'land()' }],
        noscript: NOSCRIPT_MESSAGE,
        scripts: [{ tag: 'script', attrs: { type: 'module', src: '/entry.js' } }],
      }),
    );
    const { classic, renderBlocking } = readingSettingsScripts();
    expect(html).toBe(`<!doctype html>
<html lang="en">
  <head>
    <script>${trustedTypesPolicyScript()}</script>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <meta name="theme-color" content="#fdfcf9" media="(prefers-color-scheme: light)">
    <meta name="theme-color" content="#141414" media="(prefers-color-scheme: dark)">
    <title>A page · Dispatch</title>
    <meta name="description" content="A page">
    <link rel="expect" href="#dispatch-state" blocking="render">
    <noscript><style>.needs-js{visibility:hidden}html .noscript-only{display:block}</style></noscript>
    <style>body{margin:0}</style>
    <script>${classic}</script>
    <script type="module" async blocking="render">${renderBlocking}</script>
    <link rel="icon" type="image/png" sizes="32x32" href="${ICON}">
    <link rel="alternate" type="application/atom+xml" title="Dispatch" href="/feed.atom">
    <link rel="alternate" type="application/feed+json" title="Dispatch" href="/feed.json">
  </head>
  <body>
    <div id="root"><main id="main">Text</main></div><script data-land="x">land()</script>
    <noscript><p>Dispatch needs JavaScript for this page.</p></noscript>
    <script type="module" src="/entry.js"></script>
  </body>
</html>
`);
  });

  it('runs the Trusted Types policy before any other script, and names its charset early', () => {
    const html = renderDocument(parts());
    expect(html.indexOf('<script')).toBe(
      html.indexOf(`<script>${trustedTypesPolicyScript()}</script>`),
    );
    // The HTML standard: the charset must be declared within the first 1024 bytes.
    expect(Buffer.byteLength(html.slice(0, html.indexOf('<meta charset="UTF-8">')))).toBeLessThan(
      1024,
    );
  });

  it('has no expect link, landing script, noscript message or scripts unless given them', () => {
    const html = renderDocument(parts());
    expect(html).not.toContain('rel="expect"');
    expect(html).not.toContain('needs JavaScript');
    expect(html).toMatch(/<div id="root"><main id="main">Text<\/main><\/div>\n {2}<\/body>/);
  });
});

describe('the entry’s files, from Vite’s manifest', () => {
  it('are its script, its stylesheets, then those of the chunks it imports, recursively', () => {
    // The shape of the example in Vite's guide ("Backend Integration"), one level deeper.
    const manifest: Manifest = {
      '_shared.js': { file: 'assets/shared.js', css: ['assets/shared.css'], imports: ['_deep.js'] },
      '_deep.js': { file: 'assets/deep.js', css: ['assets/deep.css'] },
      '_other.js': { file: 'assets/other.js', imports: ['_deep.js'] },
      'lazy.js': { file: 'assets/lazy.js', isDynamicEntry: true, css: ['assets/lazy.css'] },
      'index.html': {
        file: 'assets/index.js',
        src: 'index.html',
        isEntry: true,
        css: ['assets/index.css'],
        imports: ['_shared.js', '_other.js'],
        dynamicImports: ['lazy.js'],
      },
    };
    expect(entryFiles(manifest)).toEqual({
      script: 'assets/index.js',
      css: ['assets/index.css', 'assets/deep.css', 'assets/shared.css'],
    });
  });

  it('find a stylesheet on an imported chunk, as this build has it', () => {
    const manifest: Manifest = {
      '_app.css': { file: 'assets/app.css', src: '_app.css' },
      '_app.js': { file: 'assets/app.js', imports: ['_react.js'], css: ['assets/app.css'] },
      '_react.js': { file: 'assets/react.js' },
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_app.js'] },
    };
    expect(entryFiles(manifest)).toEqual({ script: 'assets/index.js', css: ['assets/app.css'] });
  });

  it('fail the build when the manifest lacks the entry or a chunk it names', () => {
    expect(() => entryFiles({})).toThrow(/no entry index\.html/);
    expect(() => entryFiles({ 'index.html': { file: 'assets/index.js' } })).toThrow(/no entry/);
    expect(() =>
      entryFiles({ 'index.html': { file: 'a.js', isEntry: true, imports: ['_gone.js'] } }),
    ).toThrow(/no chunk _gone\.js/);
  });
});
