import { afterEach, describe, expect, it } from 'vitest';
import type { PageHead } from '../../../src/lib/head';
import { applyHead, documentTitle, renderHead } from '../../../src/lib/head-tags';

const article: PageHead = {
  title: 'A story',
  description: 'What happened.',
  canonicalPath: '/articles/a-story',
  type: 'article',
  jsonLd: { '@type': 'NewsArticle', headline: 'A story' },
};
const other: PageHead = { title: 'Saved', description: 'Your saved stories.', noindex: true };

/** The head as the prerender step writes it into the HTML. */
function prerendered(head: PageHead) {
  document.head.innerHTML = renderHead(head);
}

const marked = () => [...document.head.querySelectorAll('[data-page-head]')];

afterEach(() => {
  document.head.innerHTML = '';
  document.title = '';
});

describe('applyHead', () => {
  it('leaves a prerendered head that is already the page’s as it is, structured data too', () => {
    prerendered(article);
    const before = marked();
    expect(before.some((element) => element.localName === 'script')).toBe(true);

    applyHead(article);

    const after = marked();
    expect(after).toHaveLength(before.length);
    after.forEach((element, index) => expect(element).toBe(before[index]));
    expect(document.title).toBe('A story · Dispatch');
  });

  it('replaces another page’s head with this one’s, without structured data', () => {
    prerendered(article);

    applyHead(other);

    expect(document.title).toBe('Saved · Dispatch');
    expect(document.head.querySelector('script')).toBeNull();
    expect(document.head.querySelector('link[rel="canonical"]')).toBeNull();
    expect(document.head.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe(
      'noindex',
    );
    expect(document.head.querySelector('meta[name="description"]')?.getAttribute('content')).toBe(
      'Your saved stories.',
    );
  });

  it('rewrites a tag whose value differs', () => {
    prerendered(article);
    const changed = { ...article, description: 'What happened next.' };

    applyHead(changed);

    expect(
      document.head.querySelector('meta[property="og:description"]')?.getAttribute('content'),
    ).toBe('What happened next.');
    expect(document.head.querySelector('script')).toBeNull();
  });
});

describe('documentTitle', () => {
  it('counts the stories that arrived before the title, and nowhere else', () => {
    expect(documentTitle({})).toBe('Dispatch');
    expect(documentTitle({ unseen: 2 })).toBe('(2) Dispatch');
    expect(documentTitle({ title: 'Page 2', unseen: 1 })).toBe('(1) Page 2 · Dispatch');
    expect(renderHead({ unseen: 2 })).toMatch(/property="og:title" content="Dispatch"/);
  });
});
