import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShouldRevalidateFunctionArgs } from 'react-router';
import { paths } from '../../../src/lib/paths';
import { galleryShouldRevalidate } from '../../../src/routes/quotes';
import { jsonResponse, stubContentFetch } from '../../helpers/content-fetch';
import { longArticle } from '../../helpers/long-article';
import { renderApp } from '../../helpers/render-app';

const SLUG = 'many-quotes';
/** IntersectionObserver that reports "in view" only when the test says so. */
function controllableObserver() {
  const observers = new Set<{ callback: IntersectionObserverCallback; target?: Element }>();
  class Observer {
    private entry: { callback: IntersectionObserverCallback; target?: Element };
    constructor(callback: IntersectionObserverCallback) {
      this.entry = { callback };
      observers.add(this.entry);
    }
    observe(target: Element) {
      this.entry.target = target;
    }
    disconnect() {
      observers.delete(this.entry);
    }
    unobserve() {}
    takeRecords() {
      return [];
    }
  }
  vi.stubGlobal('IntersectionObserver', Observer);
  return {
    /** Whether something is being watched (the gallery's effect has run). */
    watching: () => [...observers].some(({ target }) => target !== undefined),
    /** Brings every observed element into view. */
    scrollNear: () => {
      for (const { callback, target } of [...observers]) {
        if (target)
          callback(
            [{ isIntersecting: true, target } as IntersectionObserverEntry],
            {} as IntersectionObserver,
          );
      }
    },
  };
}

const cards = () =>
  screen.getAllByRole('listitem').filter((item) => item.classList.contains('quote-card'));

afterEach(() => vi.unstubAllGlobals());

describe('a gallery of many quotations', () => {
  it('shows a screenful first, then a batch more each time the reader nears the end', async () => {
    const view = controllableObserver();
    stubContentFetch((url) =>
      url.includes(SLUG) ? jsonResponse(longArticle(SLUG, 300)) : undefined,
    );
    renderApp(paths.quotes.build(SLUG));
    expect(await screen.findByText('300 quotations, in the order they appear.')).toBeVisible();
    expect(cards()).toHaveLength(12);
    // Each batch waits for the gallery to watch its end again (an effect after each render).
    for (const expected of [36, 60]) {
      await waitFor(() => expect(view.watching()).toBe(true));
      await act(async () => view.scrollNear());
      await waitFor(() => expect(cards()).toHaveLength(expected));
    }
    // In reading order, with none repeated.
    const texts = cards().map((card) => within(card).getByRole('blockquote').textContent);
    expect(texts.slice(0, 3)).toEqual(['“Point 0 stands,', '“Point 1 stands,', '“Point 2 stands,']);
    expect(new Set(texts).size).toBe(60);
    // Only cards after the first batch wait to be laid out until they near the view: a first
    // card laid out late would move the ones beside it as the page loads.
    const deferred = cards().map((card) => card.classList.contains('quote-card-deferred'));
    expect(deferred.indexOf(true)).toBe(12);
    expect(deferred.slice(12).every(Boolean)).toBe(true);
  });

  it('shows more on request, and starts again from the first batch for another speaker', async () => {
    controllableObserver();
    stubContentFetch((url) =>
      url.includes(SLUG) ? jsonResponse(longArticle(SLUG, 300)) : undefined,
    );
    renderApp(paths.quotes.build(SLUG));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Show more quotes (288 more)' }));
    expect(cards()).toHaveLength(36);
    await user.click(screen.getByRole('link', { name: 'Mira Quell (100)' }));
    expect(
      await screen.findByText('100 quotations by Mira Quell, in the order they appear.'),
    ).toBeVisible();
    expect(cards()).toHaveLength(12);
    expect(cards().every((card) => within(card).getByText('Mira Quell'))).toBe(true);
    expect(screen.getByRole('button', { name: 'Show more quotes (88 more)' })).toBeVisible();
  });
});

describe('the speaker filter', () => {
  it('filters in place, and leaves a click meant for another tab to the browser', async () => {
    controllableObserver();
    stubContentFetch((url) =>
      url.includes(SLUG) ? jsonResponse(longArticle(SLUG, 300)) : undefined,
    );
    const { router } = renderApp(paths.quotes.build(SLUG));
    expect(await screen.findByText('300 quotations, in the order they appear.')).toBeVisible();
    // jsdom cannot open a tab; this stands in for the browser doing so.
    const openElsewhere = (event: Event) => event.preventDefault();
    window.addEventListener('click', openElsewhere);
    try {
      fireEvent.click(screen.getByRole('link', { name: 'Mira Quell (100)' }), { ctrlKey: true });
      fireEvent.click(screen.getByRole('link', { name: 'Mira Quell (100)' }), { button: 1 });
    } finally {
      window.removeEventListener('click', openElsewhere);
    }
    expect(router.state.location.search).toBe('');
    expect(screen.getByText('300 quotations, in the order they appear.')).toBeVisible();

    const user = userEvent.setup();
    await user.click(screen.getByRole('link', { name: 'Mira Quell (100)' }));
    expect(
      await screen.findByText('100 quotations by Mira Quell, in the order they appear.'),
    ).toBeVisible();
    expect(router.state.location.search).toBe('?speaker=mira-quell');
    expect(router.state.historyAction).toBe('PUSH');
    expect(screen.getByRole('link', { name: 'Mira Quell (100)' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    // The speaker already shown: the same page again, not another history entry.
    await user.click(screen.getByRole('link', { name: 'Mira Quell (100)' }));
    expect(router.state.historyAction).toBe('REPLACE');
    await user.click(screen.getByRole('link', { name: 'Everyone (300)' }));
    expect(await screen.findByText('300 quotations, in the order they appear.')).toBeVisible();
    expect(router.state.location.search).toBe('');
  });

  it('still loads again when the reader retries after a network failure', async () => {
    controllableObserver();
    let online = false;
    stubContentFetch((url) => {
      if (!url.includes(SLUG)) return undefined;
      if (!online) return Promise.reject(new TypeError('Failed to fetch'));
      return jsonResponse(longArticle(SLUG, 300));
    });
    renderApp(paths.quotes.build(SLUG));
    const user = userEvent.setup();
    const retry = await screen.findByRole('button', { name: 'Try again' });
    online = true;
    await user.click(retry);
    expect(await screen.findByText('300 quotations, in the order they appear.')).toBeVisible();
  });

  it('does not load the article again for another speaker, but does for another article', () => {
    const args = (from: string, to: string) =>
      ({
        currentUrl: new URL(from, 'https://dispatch.test'),
        nextUrl: new URL(to, 'https://dispatch.test'),
        defaultShouldRevalidate: true,
      }) as ShouldRevalidateFunctionArgs;
    const gallery = paths.quotes.build(SLUG);
    expect(galleryShouldRevalidate(args(gallery, paths.quotes.build(SLUG, 'mira-quell')))).toBe(
      false,
    );
    expect(galleryShouldRevalidate(args(paths.quotes.build(SLUG, 'mira-quell'), gallery))).toBe(
      false,
    );
    expect(galleryShouldRevalidate(args(gallery, paths.quotes.build('another-story')))).toBe(true);
  });
});
