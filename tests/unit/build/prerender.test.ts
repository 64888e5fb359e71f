// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { siteHead } from '../../../src/build/page-document';
import { pageHtml, templateInlineHashes, type Template } from '../../../src/build/prerender';
import { inlineHashes } from '../../../src/server/site-rules';

/** What the build reads from Vite's manifest and the stylesheet, made by hand. */
const template: Template = {
  entrySrc: '/assets/index.js',
  manifest: {
    '_app.js': { file: 'assets/app.js', imports: ['_react.js'], css: ['assets/app.css'] },
    '_react.js': { file: 'assets/react.js', name: 'react' },
    'src/routes/home.tsx': { file: 'assets/home.js', isDynamicEntry: true, imports: ['_app.js'] },
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_app.js'] },
  },
  // A rule for markup no page here has, so it is left out of each page's inlined rules.
  stylesheets: [{ href: '/assets/app.css', css: 'body{margin:0}.gallery{gap:1px}' }],
  site: siteHead('data:image/png;base64,AAAA'),
};

const MAIN = '<header>Dispatch</header><main id="main" tabindex="-1"><h1>A page</h1></main>';

const article = (extra: Partial<Parameters<typeof pageHtml>[1]> = {}) =>
  pageHtml(template, {
    head: '<title>A page · Dispatch</title>',
    html: MAIN,
    state: { queries: ['</script>'] },
    scripts: 'hydrate',
    ...extra,
  });
const shell = () =>
  pageHtml(template, { head: '<title>Dispatch</title>', html: '', scripts: 'render' });
const notFound = () =>
  pageHtml(template, {
    head: '<title>Page not found · Dispatch</title>',
    html: MAIN,
    scripts: 'none',
  });

/** An attribute of the bootstrap script, unescaped. */
const attribute = (html: string, name: string) => {
  const tag = /<script data-preload=[^>]*>/.exec(html)?.[0] ?? '';
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replace(/&quot;/g, '"');
};

/** The body's scripts and links after the root element. */
const bodyTail = (html: string) => html.slice(html.indexOf('<div id="root">'));

describe('a prerendered page', () => {
  it('inlines the rules its markup uses, and loads the app and the whole sheet after first paint', () => {
    const html = article({ modules: ['src/routes/home.tsx'] });
    expect(html).toContain('<style>body{margin:0}</style>');
    expect(JSON.parse(attribute(html, 'data-css') ?? '[]')).toEqual(['/assets/app.css']);
    expect(article({ html: '<main id="main"><ul class="gallery"></ul></main>' })).toContain(
      '<style>body{margin:0}.gallery{gap:1px}</style>',
    );
    expect(html).not.toContain('rel="stylesheet"');
    expect(html).not.toMatch(/<link[^>]*modulepreload/);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/);
    expect(JSON.parse(attribute(html, 'data-preload') ?? '[]')).toEqual([
      '/assets/app.js',
      '/assets/react.js',
      '/assets/home.js',
    ]);
    // React's chunk is evaluated first, in a task of its own; then the entry.
    expect(attribute(html, 'data-first')).toBe('/assets/react.js');
    expect(html).toContain('"/assets/index.js"');
    expect(/<script data-preload=[^>]*>/.exec(html)?.[0]).not.toContain('data-now');
    expect(html).not.toContain('needs JavaScript');
  });

  it('embeds its data as JSON no markup can end, after the root, then the bootstrap', () => {
    const tail = bodyTail(article());
    expect(tail).toMatch(
      /^<div id="root">.*<\/div>\n {4}<script type="application\/json" id="dispatch-state">\{"queries":\["\\u003c\/script>"\]\}<\/script><script data-preload=/,
    );
  });

  it('holds the first paint until its data script, or its main where it has no data', () => {
    expect(article()).toContain('<link rel="expect" href="#dispatch-state" blocking="render">');
    expect(notFound()).toContain('<link rel="expect" href="#main" blocking="render">');
    expect(shell()).not.toContain('rel="expect"');
  });

  it('lands a share page on its section as it is parsed', () => {
    expect(bodyTail(article({ scrollTarget: 'the-"section"' }))).toMatch(
      /^<div id="root">.*<\/div><script data-land="the-&quot;section&quot;">/,
    );
  });

  it('refuses app markup holding a script or a style, which the CSP would block', () => {
    for (const html of ['<p>x</p><script>alert(1)</script>', '<STYLE>p{}</STYLE>']) {
      expect(() => article({ html })).toThrow(/inline <script> or <style>/);
    }
  });
});

describe('the app shell', () => {
  it('links the stylesheet, and loads the first load’s chunks with the same bootstrap, at once', () => {
    const html = shell();
    expect(html).toContain('<link rel="stylesheet" crossorigin href="/assets/app.css">');
    expect(html).not.toContain('body{margin:0}');
    expect(JSON.parse(attribute(html, 'data-preload') ?? '[]')).toEqual([
      '/assets/app.js',
      '/assets/react.js',
    ]);
    expect(attribute(html, 'data-first')).toBe('/assets/react.js');
    expect(bodyTail(html)).toMatch(/<script data-preload="[^"]*" data-first="[^"]*" data-now>/);
    expect(html).toContain('"/assets/index.js"');
  });

  it('alone tells readers without JavaScript that it needs it', () => {
    expect(shell()).toContain(
      '<noscript><p>Dispatch needs JavaScript for this page.</p></noscript>',
    );
    expect(article()).not.toContain('<noscript><p>');
    expect(notFound()).not.toContain('<noscript><p>');
  });
});

describe('a 404 page', () => {
  it('has no script of the app: no data, no bootstrap, no entry', () => {
    const tail = bodyTail(notFound());
    expect(tail).not.toContain('<script');
    expect(tail).not.toContain('<link');
    expect(notFound()).toContain('<style>body{margin:0}</style>');
  });
});

describe('the CSP’s hashes', () => {
  it('cover every inline script and style of every kind of page', () => {
    const hashes = templateInlineHashes(template);
    for (const html of [article({ scrollTarget: 'a-section' }), shell(), notFound()]) {
      const found = inlineHashes(html);
      expect(hashes.scripts).toEqual(expect.arrayContaining(found.scripts));
      // Every style but the page's own stylesheet rules, whose hash each page records.
      const own = found.styles.filter((hash) => !hashes.styles.includes(hash));
      expect(own.length).toBeLessThanOrEqual(1);
    }
    // The site's head scripts (Trusted Types, two for the reading settings), the bootstrap and
    // the landing script; the noscript style.
    expect(hashes.scripts).toHaveLength(5);
    expect(hashes.styles).toHaveLength(1);
  });
});
