import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ArticleSectionView } from '../../../src/features/article/article-body';
import { paths } from '../../../src/lib/paths';
import { stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';
import { SEED_HEADINGS, SEED_SLUG } from '../../helpers/seed';

// Each section's render is counted; it still renders what it always did.
vi.mock('../../../src/features/article/article-body', async (importOriginal) => {
  const actual =
    await importOriginal<typeof import('../../../src/features/article/article-body')>();
  return { ...actual, ArticleSectionView: vi.fn(actual.ArticleSectionView) };
});

/**
 * Once the page is shown, what changes is around the text, not in it: the bookmark store
 * arrives, the reader saves the story, the minutes left count down. Rendering every section
 * again for each was one long task on a phone; the sections render once.
 */
describe('the article’s text after it is shown', () => {
  it('is not rendered again when the reader saves the story', async () => {
    stubContentFetch();
    renderApp(paths.article.build(SEED_SLUG));
    const article = await screen.findByRole('article', { name: /zelenskyy says he is ready/i });
    const sectionRenders = vi.mocked(ArticleSectionView).mock.calls.length;
    // Every section, headed or not, has rendered.
    expect(sectionRenders).toBeGreaterThan(SEED_HEADINGS.length);

    const save = within(article).getByRole('button', { name: /^Save “Zelenskyy/ });
    await waitFor(() => expect(save).toBeEnabled());
    await userEvent.click(save);
    await waitFor(() => expect(save).toHaveAttribute('aria-pressed', 'true'));
    expect(vi.mocked(ArticleSectionView).mock.calls.length).toBe(sectionRenders);
  });
});
