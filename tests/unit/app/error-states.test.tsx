import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { ArticleDocument } from '../../../src/content/schema';
import { paths } from '../../../src/lib/paths';
import { jsonResponse, readPublicJson, stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';
import { SEED_SLUG } from '../../helpers/seed';

const seedUrl = `/content/articles/${SEED_SLUG}.json`;

describe('error states', () => {
  it('shows a not-found page linking home for an unknown article', async () => {
    stubContentFetch();
    renderApp(paths.article.build('no-such-story'));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Article not found' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the front page' })).toHaveAttribute('href', '/');
    // The head is written when its code has loaded (on demand).
    await waitFor(() => expect(document.title).toBe('Article not found · Dispatch'));
  });

  it('does not fetch a slug that cannot exist', async () => {
    const fetchMock = stubContentFetch();
    renderApp('/articles/..%2Fedition');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Article not found' }),
    ).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a not-found page for an unknown path', async () => {
    stubContentFetch();
    renderApp('/no/such/page');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Page not found' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the front page' })).toBeInTheDocument();
  });

  it('says the article data is invalid and logs the failing field', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = readPublicJson(seedUrl) as ArticleDocument;
    broken.sections[0]!.blocks = [];
    stubContentFetch((url) => (url === seedUrl ? jsonResponse(broken) : undefined));
    renderApp(paths.article.build(SEED_SLUG));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'This article’s data is invalid' }),
    ).toBeInTheDocument();
    // The log is written in an effect, which React may run after the heading is on screen.
    await waitFor(() =>
      expect(errors).toHaveBeenCalledWith(
        expect.stringContaining('sections.0.blocks: a section needs at least one block'),
      ),
    );
    expect(screen.getByRole('link', { name: 'Go to the front page' })).toBeInTheDocument();
  });

  it('offers a retry after a network failure, and the retry loads the article', async () => {
    let online = false;
    const fetchMock = stubContentFetch(() =>
      online ? undefined : Promise.reject(new TypeError('Failed to fetch')),
    );
    renderApp(paths.article.build(SEED_SLUG));
    const heading = await screen.findByRole('heading', {
      level: 1,
      name: 'We could not load this article',
    });
    // One retry for a network failure, then the message.
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(heading.parentElement).toHaveTextContent('Check your connection');
    online = true;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: /Zelenskyy says he is ready/ }),
    ).toBeInTheDocument();
  });

  it('shows the edition error on the front page when the edition is unreachable', async () => {
    stubContentFetch((url) =>
      url.includes('/content/edition/') ? new Response('', { status: 500 }) : undefined,
    );
    renderApp(paths.home.build());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'We could not load this edition' }),
    ).toBeInTheDocument();
  });

  it('catches a render error in the route boundary and keeps the site header', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const doc = readPublicJson(seedUrl) as ArticleDocument;
    // A valid document whose date formatting throws while rendering.
    vi.spyOn(Date.prototype, 'getUTCDate').mockImplementation(() => {
      throw new RangeError('formatter broke');
    });
    stubContentFetch((url) =>
      url === seedUrl ? jsonResponse({ ...doc, published: '2025-02-23T10:00:00Z' }) : undefined,
    );
    renderApp(paths.article.build(SEED_SLUG));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Something went wrong' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('banner')).getByRole('link', { name: 'Dispatch' }),
    ).toBeInTheDocument();
  });
});
