import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toArticle } from '../../../src/content/article';
import { articleSchema } from '../../../src/content/schema';
import { ArticleView } from '../../../src/features/article/article-view';

/** A story's facts, through the schema as the reader fetches them. */
function renderStory(facts: Record<string, unknown>) {
  const article = toArticle(
    v.parse(articleSchema, {
      slug: 'story',
      headline: { text: 'The sea wall', origin: 'published' },
      sections: [{ blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Words.' }] }] }],
      related: [],
      ...facts,
    }),
  );
  render(
    <MemoryRouter>
      <ArticleView article={article} />
    </MemoryRouter>,
  );
  return screen.getByRole('article', { name: 'The sea wall' });
}

describe('what the article says of itself', () => {
  it('shows the byline, the dates and where the story was first published, as stated', () => {
    const article = renderStory({
      byline: 'Ada Brennan',
      published: '2026-02-21T06:00:00Z',
      updated: '2026-02-22T09:15:00Z',
      siteName: 'The Harbour Times',
      url: 'https://www.harbourtimes.example/2026/sea-wall',
    });
    expect(article.querySelector('.article-meta')).toHaveTextContent(
      /^Ada Brennan21 February 2026Updated 22 February 2026First published by The Harbour Times/,
    );
    const publisher = within(article).getByRole('link', { name: 'The Harbour Times' });
    expect(publisher).toHaveAttribute('href', 'https://www.harbourtimes.example/2026/sea-wall');
    expect(publisher).toHaveAccessibleDescription('Opens another website');
  });

  it('names the address’s host when the page gives no site name, and no byline or date it lacks', () => {
    const article = renderStory({ url: 'https://letter.example.com/p/this-week' });
    expect(within(article).getByRole('link', { name: 'letter.example.com' })).toBeVisible();
    expect(article.querySelector('.byline, time')).toBeNull();
  });

  it('says nothing of a first publisher the story does not name', () => {
    expect(renderStory({}).querySelector('.first-published')).toBeNull();
  });

  it('marks the story’s language on its words, and lays it out in its direction', () => {
    const article = renderStory({
      lang: 'ar',
      dir: 'rtl',
      headline: { text: 'The sea wall', origin: 'published' },
    });
    expect(article.closest('.article-layout')).toHaveAttribute('dir', 'rtl');
    expect(within(article).getByRole('heading', { level: 1 })).toHaveAttribute('lang', 'ar');
    expect(article.querySelector('.article-body')).toHaveAttribute('lang', 'ar');
    // The reader's own words stay in the site's language.
    expect(article.querySelector('.article-meta')).not.toHaveAttribute('lang');
  });
});
