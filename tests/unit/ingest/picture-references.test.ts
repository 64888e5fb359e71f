// @vitest-environment node
/**
 * What the parsers say of each figure's picture: where it was published (`imageUrl`), every
 * address the source gives for it (`picture`), and whether it is decorative.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics, formatWarning } from '../../../src/ingest/errors';
import { parseHtmlSource } from '../../../src/ingest/html-source';
import { parseMarkdownSource } from '../../../src/ingest/markdown-source';
import type { SourceBlock } from '../../../src/ingest/source';

const fixtures = resolve(import.meta.dirname, '../../fixtures/pictures');

type Figure = Extract<SourceBlock, { kind: 'figure' }>;

const figuresOf = (blocks: SourceBlock[]) =>
  blocks.filter((block): block is Figure => block.kind === 'figure');

/** A figure's picture facts, without its words. */
const pictureFacts = ({ imageUrl, picture, decorative, line, column }: Figure) => ({
  ...(imageUrl ? { imageUrl } : {}),
  ...(picture ? { picture } : {}),
  ...(decorative ? { decorative } : {}),
  line,
  column,
});

function html(body: string, { file = 'story.html', canonical = true } = {}) {
  const page = `<!DOCTYPE html><html lang="en"><head><title>Kelwick</title>${
    canonical ? '<link rel="canonical" href="https://news.example/2026/11/story">' : ''
  }</head><body><article><h1>Kelwick harbour</h1>
<p>The fleet came home on Friday after four months away, and the quay was full of people who had waited since dawn to see it.</p>
${body}
<p>The fish market reopens on Monday, and buyers from as far as Bristol have asked for places at its first sale of the winter.</p>
</article></body></html>`;
  const diagnostics = new Diagnostics(file);
  const story = parseHtmlSource(page, file, diagnostics);
  return { figures: figuresOf(story.blocks), warnings: diagnostics.warnings.map(formatWarning) };
}

describe('a saved page’s pictures', () => {
  it('give every address as written, and where the picture was published', () => {
    const { figures, warnings } = html(
      `<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/quay-1200.jpg" data-srcset="/img/quay-600.jpg 600w, /img/quay-1200.jpg 1200w, https://cdn.example/quay-2400.jpg 2400w" alt="The quay"><figcaption>The quay.</figcaption></figure>`,
    );
    expect(warnings).toEqual([]);
    expect(figures.map(pictureFacts)).toEqual([
      {
        imageUrl: 'https://news.example/img/quay-1200.jpg',
        picture: {
          key: 'https://news.example/img/quay-1200.jpg',
          candidates: [
            '/img/quay-1200.jpg',
            'https://cdn.example/quay-2400.jpg',
            '/img/quay-600.jpg',
          ],
        },
        line: 3,
        column: 1,
      },
    ]);
  });

  it('take a saved copy’s `_files` path as a local file, never as a published address', () => {
    const { figures } = html(
      `<figure><img src="./kelwick_files/quay.jpg" alt="The quay"><figcaption>The quay.</figcaption></figure>
<figure><img src="kelwick_files/boats.jpg" srcset="/img/boats-800.jpg 800w, /img/boats-1600.jpg 1600w" alt="Boats"><figcaption>Boats.</figcaption></figure>`,
      { file: 'kelwick.html' },
    );
    expect(figures.map(pictureFacts)).toEqual([
      {
        picture: { key: './kelwick_files/quay.jpg', candidates: ['./kelwick_files/quay.jpg'] },
        line: 3,
        column: 1,
      },
      {
        imageUrl: 'https://news.example/img/boats-1600.jpg',
        picture: {
          key: 'https://news.example/img/boats-1600.jpg',
          candidates: ['/img/boats-1600.jpg', '/img/boats-800.jpg', 'kelwick_files/boats.jpg'],
        },
        line: 4,
        column: 1,
      },
    ]);
  });

  it('give the same key when the page is read again under its slug’s name (as the build reads it)', () => {
    const body = `<p><img src="./harbour-photos_files/rule.png" alt=""></p>`;
    const ingested = html(body, { file: 'harbour-photos.html' }).figures[0]?.picture;
    const built = html(body, { file: 'kelwicks-fleet-returns.html' }).figures[0]?.picture;
    expect(ingested?.key).toBe('./harbour-photos_files/rule.png');
    expect(built).toEqual(ingested);
  });

  it('resolve a relative address that is not a saved copy’s against the page', () => {
    const { figures } = html(
      `<figure><img src="img/quay.jpg" alt="The quay"><figcaption>The quay.</figcaption></figure>`,
    );
    expect(figures[0]?.imageUrl).toBe('https://news.example/2026/11/img/quay.jpg');
    expect(figures[0]?.picture).toEqual({
      key: 'https://news.example/2026/11/img/quay.jpg',
      candidates: ['img/quay.jpg'],
    });
  });

  it('read a <picture>’s sources too', () => {
    const { figures } = html(
      `<figure><picture><source type="image/webp" srcset="https://cdn.example/q.webp 2x, https://cdn.example/q-small.webp"><img src="https://cdn.example/q.jpg" alt="The quay"></picture><figcaption>The quay.</figcaption></figure>`,
    );
    expect(figures[0]?.picture?.candidates).toEqual([
      'https://cdn.example/q.webp',
      'https://cdn.example/q-small.webp',
      'https://cdn.example/q.jpg',
    ]);
  });

  it('believe no address a page writes in ingest’s own attributes', () => {
    const { figures } = html(
      `<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-dispatch-src="https://evil.example/x.jpg" data-dispatch-picture="x" data-dispatch-candidates="[oops" alt="A heron"><figcaption>A heron.</figcaption></figure>`,
    );
    expect(figures).toHaveLength(1);
    expect(figures[0]).not.toHaveProperty('imageUrl');
    expect(figures[0]).not.toHaveProperty('picture');
  });

  it('mark an empty alt decorative, with no warning', () => {
    const { figures, warnings } = html(
      `<p class="ornament"><img src="https://news.example/rule.png" alt=""></p>`,
    );
    expect(figures).toHaveLength(1);
    expect(figures[0]).toMatchObject({ decorative: true });
    expect(figures[0]).not.toHaveProperty('alt');
    expect(warnings).toEqual([]);
  });

  it('warn, at the picture, of one with neither alt text nor a caption', () => {
    const { figures, warnings } = html(
      `<figure><img src="https://news.example/a.jpg"></figure>
<figure>  <img src="https://news.example/b.jpg"><figcaption>A caption says what it shows.</figcaption></figure>`,
    );
    expect(figures).toHaveLength(2);
    expect(figures[0]).not.toHaveProperty('decorative');
    expect(warnings).toEqual([
      'story.html:3:9: warning: a picture with neither alt text nor a caption (https://news.example/a.jpg): a reader who cannot see it is told nothing',
    ]);
  });
});

describe('the harbour-photos fixture', () => {
  it('has a lead, a mid-story picture, a decorative one and a missing one, with no warning', () => {
    const file = 'harbour-photos.html';
    const diagnostics = new Diagnostics(file);
    const story = parseHtmlSource(readFileSync(resolve(fixtures, file), 'utf8'), file, diagnostics);
    expect(diagnostics.warnings).toEqual([]);
    const facts = figuresOf(story.blocks).map(pictureFacts);
    expect(facts.map((figure) => figure.picture?.key)).toEqual([
      'https://news.example/img/lead-2400.jpg',
      'https://news.example/img/ferry-1600.jpg',
      './harbour-photos_files/rule.png',
      'http://127.0.0.1:9/gone.jpg',
    ]);
    expect(facts[0]?.picture?.candidates).toContain('./harbour-photos_files/lead.jpg');
    expect(facts[2]).toEqual({
      picture: {
        key: './harbour-photos_files/rule.png',
        candidates: ['./harbour-photos_files/rule.png'],
      },
      decorative: true,
      line: 59,
      column: 23,
    });
    expect(facts[3]).toMatchObject({ line: 65, column: 3 });
    // The lead comes before the first section heading.
    expect(story.blocks[0]?.kind).toBe('figure');
  });
});

describe('a Markdown story’s pictures', () => {
  function markdown(text: string) {
    const diagnostics = new Diagnostics('story.md');
    const story = parseMarkdownSource(text, 'story.md', diagnostics);
    return { figures: figuresOf(story.blocks), warnings: diagnostics.warnings.map(formatWarning) };
  }

  it('name the picture by its address as written; only an absolute one is where it was published', () => {
    const { figures, warnings } = markdown(
      '# Title\n\n![The quay](images/quay%20at%20dawn.jpg "The quay")\n\n![Boats](https://img.example/boats.jpg)\n',
    );
    expect(warnings).toEqual([]);
    expect(figures.map(pictureFacts)).toEqual([
      {
        picture: {
          key: 'images/quay%20at%20dawn.jpg',
          candidates: ['images/quay%20at%20dawn.jpg'],
        },
        line: 3,
        column: 1,
      },
      {
        imageUrl: 'https://img.example/boats.jpg',
        picture: {
          key: 'https://img.example/boats.jpg',
          candidates: ['https://img.example/boats.jpg'],
        },
        line: 5,
        column: 1,
      },
    ]);
  });

  it('warn of a picture with neither alt text nor a title', () => {
    const { figures, warnings } = markdown(
      '# Title\n\nSome words.\n\n  ![](images/x.jpg)\n\n![](images/y.jpg "A caption")\n',
    );
    expect(figures).toHaveLength(2);
    expect(warnings).toEqual([
      'story.md:5:3: warning: a picture with neither alt text nor a caption (images/x.jpg): a reader who cannot see it is told nothing',
    ]);
  });
});
