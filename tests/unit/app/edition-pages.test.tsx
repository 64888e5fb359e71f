import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Edition } from '../../../src/content/edition';
import { paths } from '../../../src/lib/paths';
import { jsonResponse, readPublicJson, stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';

/** The generated first page, made to stand for an edition of three pages. */
function editionPage(page: number): Edition {
  const first = readPublicJson('content/edition/1.json') as Edition;
  return {
    ...first,
    page,
    pageCount: 3,
    storyCount: 61,
    stories: Array.from({ length: page === 3 ? 1 : 20 }, (_, index) => ({
      slug: `story-${page}-${index}`,
      headline: `Story ${index + 1} of page ${page}`,
      availability: 'full' as const,
      published: new Date(Date.UTC(2026, 10, 28 - index)).toISOString(),
    })),
  };
}

function stubThreePages() {
  stubContentFetch((url) => {
    const page = /\/content\/edition\/(\d+)\.json$/.exec(url)?.[1];
    if (!page) return undefined;
    return Number(page) <= 3
      ? jsonResponse(editionPage(Number(page)))
      : new Response('', { status: 404 });
  });
}

describe('the edition’s pages', () => {
  it('the front page shows the lead, the latest stories and the way to older ones', async () => {
    stubThreePages();
    renderApp(paths.home.build());
    const more = await screen.findByRole('region', { name: 'More in this edition' });
    expect(within(more).getAllByRole('listitem').length).toBeGreaterThanOrEqual(20);
    expect(screen.getByRole('heading', { level: 2, name: /Zelenskyy says/ })).toBeInTheDocument();
    const pages = screen.getByRole('navigation', { name: 'Pages of the edition' });
    expect(within(pages).getByRole('link', { name: 'Page 1' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(pages).getByRole('link', { name: 'Older stories' })).toHaveAttribute(
      'href',
      '/page/2',
    );
    expect(within(pages).queryByRole('link', { name: 'Newer stories' })).not.toBeInTheDocument();
  });

  it('a later page lists its stories with their dates, and links both ways', async () => {
    stubThreePages();
    renderApp(paths.editionPage.build(2));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Stories, page 2 of 3' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Story 1 of page 2' })).toHaveAttribute(
      'href',
      '/articles/story-2-0',
    );
    expect(screen.getAllByText('28 November 2026')[0]?.tagName).toBe('TIME');
    const pages = screen.getByRole('navigation', { name: 'Pages of the edition' });
    expect(within(pages).getByRole('link', { name: 'Newer stories' })).toHaveAttribute('href', '/');
    expect(within(pages).getByRole('link', { name: 'Older stories' })).toHaveAttribute(
      'href',
      '/page/3',
    );
    expect(within(pages).getByRole('link', { name: 'Page 2' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(screen.queryByRole('heading', { name: /Zelenskyy says/ })).not.toBeInTheDocument();
  });

  it('a page past the last one is not found', async () => {
    stubThreePages();
    renderApp('/page/4');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Edition not found' }),
    ).toBeInTheDocument();
  });

  it('rejects /page/ with something other than a plain number', async () => {
    stubContentFetch();
    renderApp('/page/02');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Edition not found' }),
    ).toBeInTheDocument();
  });
});
