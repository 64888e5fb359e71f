import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { paths } from '../../../src/lib/paths';
import { jsonResponse, stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';

const RELATED_SLUG = 'russia-ukraine-war-marking-700-day';

/** A made-up full article, standing in for a related story whose JSON the edition gains. */
const fullRelatedStory = {
  slug: RELATED_SLUG,
  headline: { text: 'Fixture: a related story with its full text', origin: 'editorial' },
  sections: [
    {
      blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fixture paragraph one.' }] }],
    },
    {
      heading: 'Fixture heading',
      blocks: [{ type: 'paragraph', content: [{ type: 'text', text: 'Fixture paragraph two.' }] }],
    },
  ],
  related: [],
};

describe('related-story pages', () => {
  it('show a title-only story as such, with what it is related to', async () => {
    stubContentFetch();
    renderApp(paths.article.build(RELATED_SLUG));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Russia Ukraine War: Marking 700 Day' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The full text of this story is not part of this edition/),
    ).toBeInTheDocument();
    const relatedTo = screen.getByRole('region', { name: 'Related to' });
    expect(within(relatedTo).getByRole('link')).toHaveAttribute(
      'href',
      '/articles/zelenskyy-ready-to-step-down-for-peace-and-nato-membership',
    );
    expect(
      within(screen.getByRole('region', { name: 'Other related stories' })).getAllByRole('link'),
    ).toHaveLength(2);
  });

  it('render a story with a full JSON as a complete article at the same URL', async () => {
    stubContentFetch((url) =>
      url.endsWith(`/${RELATED_SLUG}.json`) ? jsonResponse(fullRelatedStory) : undefined,
    );
    renderApp(paths.article.build(RELATED_SLUG));
    const article = await screen.findByRole('article', {
      name: 'Fixture: a related story with its full text',
    });
    expect(within(article).getByText('Fixture paragraph two.')).toBeInTheDocument();
    expect(
      within(article).getByRole('heading', { level: 2, name: 'Fixture heading' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/not part of this edition/)).not.toBeInTheDocument();
  });

  it.each([
    ['a section', paths.sectionShare.build(RELATED_SLUG, 'opening')],
    ['a quote gallery', paths.quotes.build(RELATED_SLUG)],
    ['a quotation', paths.quote.build(RELATED_SLUG, 'ready-to-leave-my-post')],
  ])('have no sections or quotes of their own: %s is not found', async (_what, url) => {
    stubContentFetch();
    renderApp(url);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Article not found' }),
    ).toBeInTheDocument();
  });
});
