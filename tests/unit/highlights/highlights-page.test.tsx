import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../../src/app/query-client';
import { toArticle, type Article } from '../../../src/content/article';
import type { Block } from '../../../src/content/nodes';
import { articleQueries } from '../../../src/content/queries';
import { quoteSelector, storyText } from '../../../src/content/text-quote';
import type {
  getHighlightStore,
  Highlight,
  HighlightColour,
} from '../../../src/features/highlights/highlight-store';
import type { HighlightsPage } from '../../../src/features/highlights/highlights-page';

/*
 * The /highlights page over the app's own store: a module singleton over `window.localStorage`
 * (jsdom's, in memory). Each test clears it and imports the page afresh (`vi.resetModules`), so
 * the singleton is new and reads what the test stored. The stories come from a query cache
 * filled beforehand, as a visit that opened them would have left it; the network is never used.
 */

const paragraph = (words: string): Block => ({
  type: 'paragraph',
  content: [{ type: 'text', text: words }],
});

function story(slug: string, headline: string, ...paragraphs: string[]): Article {
  return toArticle({
    slug,
    availability: 'full',
    headline: { text: headline, origin: 'published' },
    sections: [{ blocks: paragraphs.map(paragraph) }],
    related: [],
  });
}

const harbour = story(
  'harbour-wall',
  'The harbour wall is finished',
  'The harbour wall was finished in spring, three weeks ahead of the council’s plan.',
  'The final bill came to four million pounds, a fifth over the estimate.',
);
const strike = story(
  'rail-strike',
  'Rail strike called off',
  'The union called off Friday’s strike after talks resumed on Thursday night.',
  'Trains will run to the usual timetable.',
);

let nextMinute = 0;

/** A highlight of `words` in `article`, as the article page would have stored it. */
function highlightOf(
  article: Article,
  words: string,
  { id, colour = 'key', note = '' }: { id: string; colour?: HighlightColour; note?: string },
): Highlight {
  const text = storyText(article);
  const start = text.text.indexOf(words);
  const quote = quoteSelector(text, start, start + words.length);
  if (start < 0 || !quote) throw new Error(`“${words}” is not in ${article.slug}`);
  // Each highlight made a minute after the one before.
  const time = new Date(Date.UTC(2026, 10, 27, 9, nextMinute++)).toISOString();
  return {
    id,
    slug: article.slug,
    title: article.headline.text,
    quote,
    colour,
    note,
    createdAt: time,
    updatedAt: time,
  };
}

function keep(...highlights: Highlight[]) {
  for (const highlight of highlights)
    localStorage.setItem(`dispatch:highlight:${highlight.id}`, JSON.stringify(highlight));
}

/** Stored in this order (the strike's last): the strike's story has the newest change. */
function keepTheUsual() {
  const finalBill = highlightOf(harbour, 'four million pounds', {
    id: 'highlight-bill',
    colour: 'evidence',
    note: 'Who pays?',
  });
  const early = highlightOf(harbour, 'three weeks ahead', { id: 'highlight-early' });
  const talks = highlightOf(strike, 'after talks resumed', {
    id: 'highlight-talks',
    colour: 'question',
  });
  keep(finalBill, early, talks);
  return { finalBill, early, talks };
}

beforeAll(() => {
  // jsdom has no modal dialogs: enough of one for the note dialog.
  if (!HTMLDialogElement.prototype.showModal) {
    HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
      this.setAttribute('open', '');
    };
    HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
      this.removeAttribute('open');
    };
  }
});

afterAll(() => {
  // Only what was stubbed above: own properties of the prototype.
  if (Object.hasOwn(HTMLDialogElement.prototype, 'showModal')) {
    Reflect.deleteProperty(HTMLDialogElement.prototype, 'showModal');
    Reflect.deleteProperty(HTMLDialogElement.prototype, 'close');
  }
});

let Page: typeof HighlightsPage;
let appStore: typeof getHighlightStore;
let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(async () => {
  localStorage.clear();
  nextMinute = 0;
  // Every story is in the cache: a request would mean the page asked for something it has.
  fetchMock = vi.fn(() => Promise.reject(new TypeError('no network in this test')));
  vi.stubGlobal('fetch', fetchMock);
  // A new module registry: a new app store, created on first use from what is stored now.
  vi.resetModules();
  ({ HighlightsPage: Page } = await import('../../../src/features/highlights/highlights-page'));
  ({ getHighlightStore: appStore } =
    await import('../../../src/features/highlights/highlight-store'));
});

afterEach(() => {
  appStore().dispose();
  expect(fetchMock).not.toHaveBeenCalled();
});

/** Where the router is: path and query. */
function CurrentUrl() {
  const location = useLocation();
  return <output data-testid="url">{location.pathname + location.search}</output>;
}

function renderPage({
  url = '/highlights',
  stories = [harbour, strike],
}: { url?: string; stories?: Article[] } = {}) {
  const queryClient: QueryClient = createQueryClient();
  for (const article of stories)
    queryClient.setQueryData(articleQueries.detail(article.slug).queryKey, article);
  const user = userEvent.setup();
  const view = render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[url]}>
        <Page />
        <CurrentUrl />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { user, queryClient, ...view };
}

const currentUrl = () => screen.getByTestId('url').textContent;

/** Each story's headline, then the words of its highlights, as the page lists them. */
function listed(): [string, string[]][] {
  return [...document.querySelectorAll('.highlights-story')].map((section) => [
    section.querySelector('h2')!.textContent!,
    [...section.querySelectorAll('.highlight-entry blockquote')].map((quote) => quote.textContent!),
  ]);
}

const storedIds = () =>
  appStore()
    .getSnapshot()
    .items.map((item) => item.id);
const importField = () => screen.getByLabelText('Import highlights from a file');
const jsonFile = (contents: string, name = 'dispatch-highlights.json') =>
  new File([contents], name, { type: 'application/json' });

describe('HighlightsPage', () => {
  it('says how to make highlights when there are none', () => {
    renderPage();
    expect(screen.getByRole('heading', { level: 1, name: 'Highlights' })).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, element) =>
          element?.tagName === 'P' &&
          element.textContent ===
            'No highlights yet. Select words in a story, then choose a kind of highlight in the bar that appears (or press h).',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Show' })).toBeNull();
    expect(listed()).toEqual([]);
    expect(screen.getByRole('button', { name: 'Export as Markdown' })).toBeDisabled();
  });

  it('groups highlights by story, the latest changed first, each in reading order', () => {
    keepTheUsual();
    renderPage();

    expect(listed()).toEqual([
      ['Rail strike called off', ['after talks resumed']],
      ['The harbour wall is finished', ['three weeks ahead', 'four million pounds']],
    ]);
    const harbourStory = screen.getByRole('region', { name: 'The harbour wall is finished' });
    expect(
      within(harbourStory).getByRole('link', { name: 'The harbour wall is finished' }),
    ).toHaveAttribute('href', '/articles/harbour-wall');
    const bill = within(harbourStory).getAllByRole('listitem')[1]!;
    expect(bill).toHaveTextContent('Evidence');
    expect(bill).toHaveTextContent('Who pays?');
    expect(
      within(bill).getByRole('link', { name: 'Go to the passage: four million pounds' }),
    ).toHaveAttribute('href', '/articles/harbour-wall#highlight-highlight-bill');
    expect(screen.queryByText(/Could not be placed/)).toBeNull();
  });

  it('filters by kind, with counts, and keeps the kind in the URL', async () => {
    keepTheUsual();
    const { user } = renderPage();
    const filter = screen.getByRole('group', { name: 'Show' });
    expect(
      within(filter)
        .getAllByRole('radio')
        .map((radio) => radio.closest('label')!.textContent),
    ).toEqual(['All (3)', 'Key point (1)', 'Question (1)', 'Evidence (1)']);
    expect(within(filter).getByRole('radio', { name: 'All (3)' })).toBeChecked();

    await user.click(within(filter).getByRole('radio', { name: 'Evidence (1)' }));

    expect(currentUrl()).toBe('/highlights?kind=evidence');
    expect(within(filter).getByRole('radio', { name: 'Evidence (1)' })).toBeChecked();
    expect(listed()).toEqual([['The harbour wall is finished', ['four million pounds']]]);

    await user.click(within(filter).getByRole('radio', { name: 'All (3)' }));
    expect(currentUrl()).toBe('/highlights');
    expect(listed()).toHaveLength(2);
  });

  it('opens filtered when the URL names a kind', () => {
    keepTheUsual();
    renderPage({ url: '/highlights?kind=question' });
    expect(screen.getByRole('radio', { name: 'Question (1)' })).toBeChecked();
    expect(listed()).toEqual([['Rail strike called off', ['after talks resumed']]]);
  });

  it('shows all again when the URL names a kind with no highlights', async () => {
    keepTheUsual();
    renderPage({ url: '/highlights?kind=disagree' });
    await waitFor(() => expect(currentUrl()).toBe('/highlights'));
    expect(screen.getByRole('radio', { name: 'All (3)' })).toBeChecked();
    expect(listed()).toHaveLength(2);
  });

  it('says which highlights could not be placed, with no way to their passage', () => {
    const { talks } = keepTheUsual();
    // Marked in an earlier version of the story, whose words are gone from it now.
    keep({
      ...talks,
      id: 'highlight-gone',
      colour: 'disagree',
      quote: {
        exact: 'the strike will go ahead',
        prefix: 'The union said on Tuesday that ',
        suffix: ' unless the offer improves.',
        position: 40,
        anchor: 'opening/0',
      },
    });
    renderPage();

    const strikeStory = screen.getByRole('region', { name: 'Rail strike called off' });
    const [placed, gone] = within(strikeStory).getAllByRole('listitem');
    expect(gone).toHaveTextContent('the strike will go ahead');
    expect(gone).toHaveTextContent(
      'Could not be placed: the story has changed, and these words are no longer in it.',
    );
    expect(within(gone!).queryByRole('link')).toBeNull();
    expect(
      within(gone!).getByRole('button', { name: 'Remove highlight: the strike will go ahead' }),
    ).toBeInTheDocument();
    expect(placed).not.toHaveTextContent('Could not be placed');
    expect(
      within(placed!).getByRole('link', { name: 'Go to the passage: after talks resumed' }),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/^Could not be placed/)).toHaveLength(1);
  });

  it('removes a highlight, focuses Undo, and Undo puts it back', async () => {
    keepTheUsual();
    const { user } = renderPage();
    await user.click(screen.getByRole('button', { name: 'Remove highlight: three weeks ahead' }));

    expect(storedIds()).not.toContain('highlight-early');
    expect(listed()).toEqual([
      ['Rail strike called off', ['after talks resumed']],
      ['The harbour wall is finished', ['four million pounds']],
    ]);
    expect(screen.getByText('Highlight removed.').closest('[role="status"]')).not.toBeNull();
    const undo = screen.getByRole('button', { name: 'Undo' });
    await waitFor(() => expect(undo).toHaveFocus());

    await user.click(undo);

    await waitFor(() => expect(storedIds()).toContain('highlight-early'));
    expect(JSON.parse(localStorage.getItem('dispatch:highlight:highlight-early')!)).toMatchObject({
      quote: { exact: 'three weeks ahead' },
      colour: 'key',
    });
    // Undo counts as the newest change: its story comes first now.
    expect(listed()).toEqual([
      ['The harbour wall is finished', ['three weeks ahead', 'four million pounds']],
      ['Rail strike called off', ['after talks resumed']],
    ]);
    expect(screen.getByText('Undone.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('refuses a file that is not an export, as an alert, and changes nothing', async () => {
    keepTheUsual();
    const { user } = renderPage();
    const before = appStore().getSnapshot();
    const stored = { ...localStorage };

    await user.upload(importField(), jsonFile('{"format":"dispatch-bookmarks","version":1}'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This file is not a Dispatch highlights export.',
    );
    expect(appStore().getSnapshot()).toBe(before);
    expect({ ...localStorage }).toEqual(stored);
    expect(listed()).toHaveLength(2);
    expect(document.querySelector('.saved-import-result')).toBeEmptyDOMElement();
  });

  it('imports an export, adds its highlights, and adds nothing the second time', async () => {
    const { early } = keepTheUsual();
    const { user } = renderPage();
    const imported = [
      highlightOf(strike, 'usual timetable', { id: 'highlight-timetable', colour: 'disagree' }),
      highlightOf(harbour, 'a fifth over the estimate', { id: 'highlight-fifth' }),
    ];
    const file = JSON.stringify({
      format: 'dispatch-highlights',
      version: 1,
      exportedAt: '2026-11-27T12:00:00.000Z',
      // One already here, as it is: not counted, not duplicated.
      highlights: [early, ...imported],
      deleted: [],
    });

    await user.upload(importField(), jsonFile(file));

    expect(await screen.findByText('Imported 2 highlights.')).toHaveAttribute('role', 'status');
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
    expect(storedIds()).toHaveLength(5);
    // The file's harbour highlight is the newest change: its story comes first now.
    expect(listed()).toEqual([
      [
        'The harbour wall is finished',
        ['three weeks ahead', 'four million pounds', 'a fifth over the estimate'],
      ],
      ['Rail strike called off', ['after talks resumed', 'usual timetable']],
    ]);
    expect(screen.getByRole('radio', { name: 'Disagree (1)' })).toBeInTheDocument();

    await user.upload(importField(), jsonFile(file));
    expect(
      await screen.findByText(
        'Nothing new to import: every highlight in this file is already here.',
      ),
    ).toBeInTheDocument();
    expect(storedIds()).toHaveLength(5);
  });

  it('exports Markdown and JSON files of every highlight', async () => {
    keepTheUsual();
    const files: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      files.push(blob as Blob);
      return `blob:test/${files.length}`;
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function click(
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    const { user } = renderPage();

    await user.click(screen.getByRole('button', { name: 'Export as Markdown' }));
    await user.click(screen.getByRole('button', { name: 'Export for import (JSON)' }));

    expect(names).toEqual(['dispatch-highlights.md', 'dispatch-highlights.json']);
    const markdown = await files[0]!.text();
    for (const words of [
      'Rail strike called off',
      'The harbour wall is finished',
      'three weeks ahead',
      'four million pounds',
      'after talks resumed',
      'Who pays?',
    ])
      expect(markdown).toContain(words);
    const json = JSON.parse(await files[1]!.text()) as { format: string; highlights: Highlight[] };
    expect(json.format).toBe('dispatch-highlights');
    expect(json.highlights.map((highlight) => highlight.id).sort()).toEqual([
      'highlight-bill',
      'highlight-early',
      'highlight-talks',
    ]);
  });

  it('saves a note from the page, and says so', async () => {
    keepTheUsual();
    const { user } = renderPage();
    await user.click(screen.getByRole('button', { name: 'Add note: after talks resumed' }));
    const dialog = screen.getByRole('dialog', { name: 'Add a note' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Note' }), 'Which talks?');
    await user.click(within(dialog).getByRole('button', { name: 'Save note' }));

    await waitFor(() =>
      expect(
        appStore()
          .getSnapshot()
          .items.find((item) => item.id === 'highlight-talks')?.note,
      ).toBe('Which talks?'),
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Note saved.')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Rail strike called off' })).toHaveTextContent(
      'Which talks?',
    );
  });

  it('says when some highlights could not be read, and still lists the rest', () => {
    keepTheUsual();
    localStorage.setItem('dispatch:highlight:highlight-broken', '{not json');
    renderPage();
    expect(
      screen.getByText('1 highlight could not be read. It has been set aside, not deleted.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/last only until you close this tab/)).toBeNull();
    expect(listed()).toHaveLength(2);
  });

  it('says when highlights will last only until the tab is closed, and still imports', async () => {
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    });
    const { user } = renderPage();
    expect(
      screen.getByText(
        'Your browser is not letting Dispatch store data, so highlights will last only until you close this tab. Export them to keep a copy.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/^No highlights yet/)).toBeInTheDocument();

    const file = JSON.stringify({
      format: 'dispatch-highlights',
      version: 1,
      highlights: [highlightOf(strike, 'usual timetable', { id: 'highlight-timetable' })],
    });
    await user.upload(importField(), jsonFile(file));

    expect(await screen.findByText('Imported 1 highlight.')).toBeInTheDocument();
    expect(listed()).toEqual([['Rail strike called off', ['usual timetable']]]);
    expect(appStore().getSnapshot().persistence).toBe('session-only');
  });

  // Bug: highlights-page.tsx byStory compares `updatedAt` as strings, so a time with an offset
  // (valid in an imported file) sorts by its local digits, not its moment.
  it('orders stories by the moment of their latest change, whatever its time zone', () => {
    keepTheUsual();
    const ferry = story('ferry-fares', 'Ferry fares frozen', 'Fares will not rise this winter.');
    // 10:30 in UTC+2 is 08:30 UTC: older than every other highlight here (09:00 to 09:02 UTC).
    keep({
      ...highlightOf(ferry, 'will not rise', { id: 'highlight-fares' }),
      createdAt: '2026-11-27T10:30:00+02:00',
      updatedAt: '2026-11-27T10:30:00+02:00',
    });
    renderPage({ stories: [harbour, strike, ferry] });
    expect(listed().map(([headline]) => headline)).toEqual([
      'Rail strike called off',
      'The harbour wall is finished',
      'Ferry fares frozen',
    ]);
  });
});
