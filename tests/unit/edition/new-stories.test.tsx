import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Edition } from '../../../src/content/edition';
import {
  arrivals,
  checkInterval,
  FIRST_CHECK_MS,
  LONGEST_WAIT_MS,
} from '../../../src/features/edition/new-stories';
import { jsonResponse, readPublicJson, stubContentFetch } from '../../helpers/content-fetch';
import { renderApp } from '../../helpers/render-app';

const seed = () => readPublicJson('content/edition/1.json') as Edition;

const story = (slug: string, availability: 'full' | 'title-only' = 'full') => ({
  slug,
  headline: `Headline of ${slug}`,
  availability,
});

function edition(lead: string, stories: ReturnType<typeof story>[]): Edition {
  return {
    lead: { slug: lead, headline: `Headline of ${lead}` },
    page: 1,
    pageCount: 1,
    storyCount: stories.length + 1,
    stories,
  };
}

describe('which stories arrived', () => {
  const shown = edition('a', [story('b'), story('c'), story('t', 'title-only')]);

  it('counts the full stories above the last story both lists have, a new lead first', () => {
    expect(arrivals(shown, shown)).toEqual([]);
    expect(arrivals(shown, edition('a', [story('n'), story('b'), story('c')]))).toEqual(['n']);
    expect(arrivals(shown, edition('x', [story('a'), story('y'), story('b')]))).toEqual(['x', 'y']);
  });

  it('does not count a title, nor an older story that moved up after a removal', () => {
    expect(arrivals(shown, edition('a', [story('u', 'title-only'), story('b')]))).toEqual([]);
    // With no story in common but the lead, every full story not shown is new.
    expect(arrivals(edition('a', []), edition('a', [story('n'), story('m')]))).toEqual(['n', 'm']);
    expect(arrivals(shown, edition('a', [story('b'), story('old')]))).toEqual([]);
  });
});

describe('how often the front page checks', () => {
  it('waits a minute, doubling after each quiet or failed check, up to a quarter hour', () => {
    expect(checkInterval(0)).toBe(FIRST_CHECK_MS);
    expect(checkInterval(1)).toBe(2 * FIRST_CHECK_MS);
    expect(checkInterval(3)).toBe(8 * FIRST_CHECK_MS);
    expect(checkInterval(20)).toBe(LONGEST_WAIT_MS);
  });
});

describe('the live front page', () => {
  let latest: Edition;
  let checks: RequestInit[];
  let hidden = false;

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    latest = seed();
    checks = [];
    hidden = false;
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() =>
      hidden ? 'hidden' : 'visible',
    );
    const fetchMock = stubContentFetch((url) =>
      /\/content\/edition\/1\.json$/.test(url) ? jsonResponse(latest) : undefined,
    );
    vi.stubGlobal(
      'fetch',
      vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
        if (init?.cache === 'no-cache') checks.push(init);
        return fetchMock(input, init);
      }),
    );
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

  it('checks with conditional requests, backs off when quiet, and shows news on request', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime.bind(vi) });
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Front page' });
    const notice = document.querySelector('.new-stories-notice')!;
    expect(notice).toBeEmptyDOMElement();
    expect(checks).toHaveLength(0);

    await advance(FIRST_CHECK_MS);
    expect(checks).toHaveLength(1);
    // Nothing new: the next check waits twice as long.
    await advance(FIRST_CHECK_MS);
    expect(checks).toHaveLength(1);
    latest = { ...seed(), stories: [story('just-in'), ...seed().stories] };
    await advance(FIRST_CHECK_MS);
    expect(checks).toHaveLength(2);
    expect(await within(notice as HTMLElement).findByText('1 new story')).toBeInTheDocument();
    // The list the reader is looking at has not changed.
    expect(screen.queryByRole('link', { name: 'Headline of just-in' })).not.toBeInTheDocument();

    await user.click(within(notice as HTMLElement).getByRole('button', { name: 'Show it' }));
    const link = await screen.findByRole('link', { name: 'Headline of just-in' });
    expect(link).toHaveFocus();
    expect(link.closest('li')).toHaveTextContent(/^New/);
    expect(notice).toBeEmptyDOMElement();
  });

  it('makes no request while the page is hidden', async () => {
    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Front page' });
    hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
    await advance(LONGEST_WAIT_MS * 2);
    expect(checks).toHaveLength(0);
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await advance(FIRST_CHECK_MS);
    expect(checks.length).toBeGreaterThan(0);
  });
});
