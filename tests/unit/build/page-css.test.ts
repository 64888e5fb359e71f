import { describe, expect, it } from 'vitest';
import { markupNames, pageCss, parseSheet } from '../../../src/build/page-css';

/** A minified sheet with what the minifier writes: blocks, functional pseudo-classes, strings. */
const RULES = [
  ':root{--fg:#111}',
  'body{margin:0}',
  '.card{padding:4px}',
  '.card .title,.headline{font-weight:700}',
  '#main{outline:none}',
  '.card:not(.is-open){opacity:.9}',
  '.site-search:is(.open,.wide){width:100%}',
  'nav:has(.menu){display:flex}',
  '[data-reading-theme=dark] .card{color:#eee}',
  'a[href$=".pdf"]:after{content:"{pdf}"}',
  '.gallery{display:grid}',
  '@media (min-width:48rem){.card{padding:8px}.gallery{gap:2rem}}',
  '@media print{.gallery{display:block}}',
  '@supports (display:grid){.gallery-item{display:block}}',
  '@keyframes spin{to{transform:rotate(1turn)}}',
];
const SHEET = RULES.join('');

const PAGE =
  '<div id="root"><nav><a href="/x.pdf">x</a></nav><main id="main"><div class="card"><h2 class="title">A</h2></div><div class="site-search"></div></main></div>';

/** Every rule of the sheet as text, blocks flattened, with the selectors it has. */
function rules(css: string): { text: string; selectors: string[] }[] {
  const out: { text: string; selectors: string[] }[] = [];
  for (const item of parseSheet(css)) {
    if (item.kind === 'rule') {
      const selectors = item.text.slice(0, item.text.indexOf('{')).split(/,(?![^(]*\))/);
      out.push({ text: item.text, selectors });
    }
    if (item.kind === 'block') {
      for (const inner of item.items) {
        if (inner.kind === 'rule') {
          const selectors = inner.text.slice(0, inner.text.indexOf('{')).split(/,(?![^(]*\))/);
          out.push({ text: inner.text, selectors });
        }
      }
    }
  }
  return out;
}

describe('the stylesheet rules a page inlines', () => {
  it('read back into the very sheet', () => {
    // Every rule kept for a page that has every class and id.
    const everything =
      '<div id="root"><main id="main" class="card title headline is-open site-search open wide menu gallery gallery-item"></main></div>';
    expect(pageCss(SHEET, everything)).toBe(SHEET);
  });

  it('leave out only rules no selector of which can match the markup', () => {
    const css = pageCss(SHEET, PAGE);
    // Every rule but the gallery's (the page has none), in a block too: the rest as written.
    expect(css).toBe(
      RULES.map((rule) => rule.replace('.gallery{gap:2rem}', ''))
        .filter((rule) => !rule.includes('gallery'))
        .join(''),
    );
    expect(css).toContain('@media (min-width:48rem){.card{padding:8px}}');
  });

  it('keep every rule that matches an element of the page', () => {
    const document = new DOMParser().parseFromString(PAGE, 'text/html');
    const css = pageCss(SHEET, PAGE);
    for (const { text, selectors } of rules(SHEET)) {
      const matches = selectors.some((selector) => {
        try {
          return document.querySelector(selector.replace(/:(after|before)$/, '')) !== null;
        } catch {
          return true;
        }
      });
      if (matches) expect(css, text).toContain(text);
    }
  });

  it('find the classes and ids of the markup, not of its text (escaped as React writes it)', () => {
    const names = markupNames(
      '<p class="a  b" id="x">class=&quot;c&quot; id=&quot;y&quot;</p><span class="">',
    );
    expect([...names.classes].sort()).toEqual(['a', 'b']);
    expect([...names.ids]).toEqual(['x']);
  });

  it('refuse a sheet whose block never closes', () => {
    expect(() => parseSheet('.a{color:red')).toThrow(/never closes/);
  });
});
