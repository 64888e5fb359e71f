// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { blockText, forEachInline, type Block, type LinkNode } from '../../../src/content/nodes';
import type { ArticleDocument } from '../../../src/content/schema';
import { buildArticle } from '../../../src/ingest/build-story';
import { Diagnostics, formatWarning } from '../../../src/ingest/errors';
import { parseHtmlSource } from '../../../src/ingest/html-source';

/** Enough words around a fragment for Readability to take the page as an article. */
const FILLER = Array.from(
  { length: 6 },
  (_, n) =>
    `<p>Paragraph ${n + 1} of the story runs on for a while, as the paragraphs of a news story do, with enough words in it to be read as text and not as a page's furniture.</p>`,
).join('\n');

function page(body: string, head = '', htmlAttributes = 'lang="en"') {
  return `<!doctype html><html ${htmlAttributes}><head><meta charset="utf-8"><title>The Story | Example News</title>${head}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>The story</h1>
${body}
${FILLER}
</article></main><footer><a href="/about">About us</a></footer></body></html>`;
}

function ingest(html: string) {
  const diagnostics = new Diagnostics('page.html');
  const source = parseHtmlSource(html, 'page.html', diagnostics);
  const article = buildArticle(
    's',
    source,
    {},
    { source: 'page.html', meta: 'm.json' },
    diagnostics,
  );
  return { source, article, warnings: diagnostics.warnings.map(formatWarning) };
}

const blocks = (article: ArticleDocument): Block[] =>
  article.sections.flatMap((section) => section.blocks);

function links(article: ArticleDocument): LinkNode[] {
  const found: LinkNode[] = [];
  for (const section of article.sections)
    forEachInline(section.blocks, (node) => node.type === 'link' && found.push(node));
  return found;
}

describe('a saved page’s links', () => {
  it('resolve against the page’s <base>, and keep their words', () => {
    const { article } = ingest(
      page(
        '<p>See <a href="../docs/budget.pdf">the budget</a>, <a href="//cdn.example.org/x.pdf">the annex</a> and <a href="https://other.example/">elsewhere</a>.</p>',
        '<base href="https://city.example/news/2026/"><link rel="canonical" href="https://city.example/news/2026/story">',
      ),
    );
    expect(links(article).map(({ url, content }) => [url, content])).toEqual([
      ['https://city.example/news/docs/budget.pdf', [{ type: 'text', text: 'the budget' }]],
      ['https://cdn.example.org/x.pdf', [{ type: 'text', text: 'the annex' }]],
      ['https://other.example/', [{ type: 'text', text: 'elsewhere' }]],
    ]);
  });

  it('resolve against the canonical address when there is no <base>', () => {
    const { article } = ingest(
      page(
        '<p>The <a href="/p/last-week">last issue</a> said so.</p>',
        '<link rel="canonical" href="https://letter.example.com/p/this-week">',
      ),
    );
    expect(links(article).map((link) => link.url)).toEqual([
      'https://letter.example.com/p/last-week',
    ]);
    expect(article.url).toBe('https://letter.example.com/p/this-week');
  });

  it('keep only http, https and mailto: any other keeps its words, loses its target, and is reported', () => {
    const { article, warnings } = ingest(
      page(
        '<p>Press <a href="javascript:void(0)">print</a>, read <a href="data:text/html,x">this</a>, fetch <a href="ftp://files.example/x">the data</a>, write to <a href="mailto:desk@example.org">the desk</a>, or see <a href="relative.html">more</a>.</p>',
      ),
    );
    expect(links(article).map((link) => link.url)).toEqual(['mailto:desk@example.org']);
    expect(blockText(blocks(article)[0]!)).toBe(
      'Press print, read this, fetch the data, write to the desk, or see more.',
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /^page\.html:\d+:\d+: warning: link to “javascript:void\(0\)” kept as text/,
      ),
      expect.stringMatching(/warning: link to “data:text\/html,x” kept as text/),
      expect.stringMatching(/warning: link to “ftp:\/\/files\.example\/x” kept as text/),
      expect.stringMatching(
        /warning: link to “relative\.html” kept as text: the page gives no address/,
      ),
    ]);
    // Each warning points at its link in the page.
    const line = page('')
      .split('\n')
      .findIndex((text) => text.startsWith('<p>Paragraph 1'));
    expect(warnings[0]).toMatch(new RegExp(`^page\\.html:${line}:`));
  });
});

describe('a saved page’s blocks', () => {
  it('keep lists, nested lists and where an ordered list starts', () => {
    const { article } = ingest(
      page('<ol start="3"><li>Three<ul><li>a</li><li>b</li></ul></li><li>Four</li></ol>'),
    );
    expect(blocks(article)[0]).toEqual({
      type: 'list',
      ordered: true,
      start: 3,
      items: [
        [
          { type: 'paragraph', content: [{ type: 'text', text: 'Three' }] },
          {
            type: 'list',
            ordered: false,
            items: [
              [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }],
              [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }],
            ],
          },
        ],
        [{ type: 'paragraph', content: [{ type: 'text', text: 'Four' }] }],
      ],
    });
  });

  it('keep a table’s caption, header cells and spans', () => {
    const { article } = ingest(
      page(
        '<table><caption>Votes</caption><tr><th scope="col">Party</th><th scope="col" colspan="2">Votes</th></tr><tr><th scope="row">Civic</th><td>1,200</td><td rowspan="2">40%</td></tr></table>',
      ),
    );
    expect(blocks(article)[0]).toEqual({
      type: 'table',
      caption: [{ type: 'text', text: 'Votes' }],
      head: [
        [
          { header: true, scope: 'col', content: [{ type: 'text', text: 'Party' }] },
          { header: true, scope: 'col', colspan: 2, content: [{ type: 'text', text: 'Votes' }] },
        ],
      ],
      body: [
        [
          { header: true, scope: 'row', content: [{ type: 'text', text: 'Civic' }] },
          { content: [{ type: 'text', text: '1,200' }] },
          { rowspan: 2, content: [{ type: 'text', text: '40%' }] },
        ],
      ],
    });
  });

  it('keep a block quote with its attribution line, and preformatted text as it is', () => {
    const { article } = ingest(
      page(
        '<blockquote><p>Half my trade comes that way.</p><footer>— Tomas Lindqvist, café owner</footer></blockquote><pre>\n  a   b\n  1   2</pre>',
      ),
    );
    expect(blocks(article).slice(0, 2)).toEqual([
      {
        type: 'blockquote',
        blocks: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Half my trade comes that way.' }] },
        ],
        attribution: [{ type: 'text', text: '— Tomas Lindqvist, café owner' }],
      },
      { type: 'preformatted', text: '  a   b\n  1   2' },
    ]);
  });

  it('keep a block quote’s footer as its attribution, with no dash before the name', () => {
    const { article } = ingest(
      page(
        '<blockquote><p>We will not wait.</p><footer>Ada Okafor, head of transport</footer></blockquote>',
      ),
    );
    expect(blocks(article)[0]).toMatchObject({
      type: 'blockquote',
      attribution: [{ type: 'text', text: 'Ada Okafor, head of transport' }],
    });
  });

  it('keep a figure’s caption, credit and alt text, from lazy-loading attributes too', () => {
    const { article } = ingest(
      page(
        `<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="https://img.example/photo-1024.jpg" alt="The wall at low tide"><figcaption>The sea wall in February. <span class="credit">Photograph: Ana Ruiz/Wire</span></figcaption></figure>
         <figure><figcaption>A picture that did not survive the save. Photo: Lena Kovač</figcaption></figure>`,
      ),
    );
    expect(blocks(article).slice(0, 2)).toEqual([
      {
        type: 'figure',
        image: { url: 'https://img.example/photo-1024.jpg' },
        alt: 'The wall at low tide',
        caption: [{ type: 'text', text: 'The sea wall in February.' }],
        credit: 'Photograph: Ana Ruiz/Wire',
      },
      {
        type: 'figure',
        caption: [{ type: 'text', text: 'A picture that did not survive the save.' }],
        credit: 'Photo: Lena Kovač',
      },
    ]);
  });

  it('keep emphasis, code, sub- and superscripts and line breaks inside a paragraph', () => {
    const { article } = ingest(
      page(
        '<p>CO<sub>2</sub> over 3 km<sup>2</sup>, <em>not</em> <b>ever</b>: run <code>make</code><br>next line</p>',
      ),
    );
    expect(blocks(article)[0]).toEqual({
      type: 'paragraph',
      content: [
        { type: 'text', text: 'CO' },
        { type: 'subscript', content: [{ type: 'text', text: '2' }] },
        { type: 'text', text: ' over 3 km' },
        { type: 'superscript', content: [{ type: 'text', text: '2' }] },
        { type: 'text', text: ', ' },
        { type: 'emphasis', content: [{ type: 'text', text: 'not' }] },
        { type: 'text', text: ' ' },
        { type: 'strong', content: [{ type: 'text', text: 'ever' }] },
        { type: 'text', text: ': run ' },
        { type: 'code', text: 'make' },
        { type: 'break' },
        { type: 'text', text: 'next line' },
      ],
    });
  });

  it('make the top heading level sections and deeper ones subheadings', () => {
    const { article } = ingest(
      page(
        '<h2>First part</h2><p>Words of it.</p><h3>A detail</h3><p>More.</p><h2>Second part</h2>',
      ),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      'First part',
      'Second part',
    ]);
    expect(article.sections[0]!.blocks.map((block) => block.type)).toEqual([
      'paragraph',
      'subheading',
      'paragraph',
    ]);
  });
});

it('passes over empty paragraphs, cells and tables', () => {
  const { article } = ingest(
    page('<p></p><p> \n </p><table><tr><td></td></tr></table><p>After.</p>'),
  );
  expect(blocks(article).map(blockText)[0]).toBe('After.');
});

it('reads a page whose malformed table jsdom cannot locate, and locates it by its words', () => {
  const { article } = ingest(
    page('<div><table>Words the parser moves out of the table</table></div>'),
  );
  expect(blocks(article).map(blockText)[0]).toBe('Words the parser moves out of the table');
});

describe('what a saved page says of itself', () => {
  it('takes the headline without the site’s name, and the byline out of the text', () => {
    const { article } = ingest(
      page(
        '<p>By Mira Santos, Communications Office</p>',
        '<meta property="og:site_name" content="Example News">',
      ),
    );
    expect(article.headline).toEqual({ text: 'The story', origin: 'published' });
    expect(article.byline).toBe('Mira Santos, Communications Office');
    expect(blockText(blocks(article)[0]!)).toMatch(/^Paragraph 1/);
    expect(article.siteName).toBe('Example News');
  });

  it('reads byline and dates from JSON-LD, and never invents what the page does not state', () => {
    const jsonLd = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', name: 'x' },
        {
          '@type': ['NewsArticle'],
          headline: 'The story',
          author: [{ '@type': 'Person', name: 'Ada Brennan' }, { name: 'Tomas Lindqvist' }],
          datePublished: '2026-02-21T06:00:00Z',
          dateModified: '2026-02-22T09:15',
        },
      ],
    });
    const { article } = ingest(page('', `<script type="application/ld+json">${jsonLd}</script>`));
    expect(article).toMatchObject({
      byline: 'Ada Brennan, Tomas Lindqvist',
      published: '2026-02-21T06:00:00Z',
      updated: new Date('2026-02-22T09:15').toISOString(),
    });
    const bare = ingest(page('')).article;
    expect([bare.byline, bare.published, bare.updated, bare.siteName]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes the language and direction the page states, else its language’s direction', () => {
    expect(ingest(page('', '', 'lang="he" dir="rtl"')).article).toMatchObject({
      lang: 'he',
      dir: 'rtl',
    });
    expect(ingest(page('', '', 'lang="ar"')).article).toMatchObject({ lang: 'ar', dir: 'rtl' });
    expect(ingest(page('', '', 'lang="fr-FR"')).article).toMatchObject({
      lang: 'fr-FR',
      dir: 'ltr',
    });
  });
});
