import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Bookmark } from '../../../src/features/bookmarks/bookmark-store';
import { SavedPage } from '../../../src/features/bookmarks/saved-page';
import { MemoryStorage } from './memory-storage';
import { renderWithStore } from './render-with-store';

const older: Bookmark = {
  slug: 'harbour-reopens',
  title: 'Harbour reopens',
  savedAt: '2026-11-20T12:00:00.000Z',
};
const middle: Bookmark = {
  slug: 'council-vote',
  title: 'Council’s “final” vote',
  savedAt: '2026-11-25T12:00:00.000Z',
};
const newer: Bookmark = {
  slug: 'rail-strike',
  title: 'Rail strike called off',
  savedAt: '2026-11-27T12:00:00.000Z',
};

function storageWith(...bookmarks: Bookmark[]) {
  return new MemoryStorage(
    Object.fromEntries(bookmarks.map((b) => [`dispatch:bookmark:${b.slug}`, JSON.stringify(b)])),
  );
}

function renderPage(storage: Storage | null = storageWith(older, middle, newer)) {
  const user = userEvent.setup();
  return { user, ...renderWithStore(<SavedPage />, { storage }) };
}

const storyLinks = () =>
  within(screen.getByRole('list', { name: 'Saved stories' }))
    .getAllByRole('link')
    .map((link) => link.textContent);

function jsonFile(contents: string, name = 'dispatch-saved-stories.json') {
  return new File([contents], name, { type: 'application/json' });
}

describe('SavedPage', () => {
  it('explains how to save when nothing is saved', () => {
    renderPage(new MemoryStorage());
    expect(screen.getByRole('heading', { level: 1, name: 'Saved stories' })).toBeInTheDocument();
    expect(
      screen.getByText('Use the Save button beside a story to keep it here for later.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('lists saved stories newest first, with links and the date saved', () => {
    renderPage();
    expect(storyLinks()).toEqual([newer.title, middle.title, older.title]);
    expect(screen.getByRole('link', { name: newer.title })).toHaveAttribute(
      'href',
      '/articles/rail-strike',
    );
    const item = screen.getByRole('link', { name: middle.title }).closest('li')!;
    const time = item.querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', middle.savedAt);
    expect(time).toHaveTextContent('25 November 2026');
    expect(
      within(item).getByRole('button', { name: `Remove “${middle.title}” from saved` }),
    ).toBeInTheDocument();
  });

  it('removes a story, focuses Undo, and undo puts it back in its place', async () => {
    const { user, store } = renderPage();
    await user.click(screen.getByRole('button', { name: `Remove “${middle.title}” from saved` }));

    expect(storyLinks()).toEqual([newer.title, older.title]);
    expect(store.isSaved(middle.slug)).toBe(false);
    expect(screen.getByText(`Removed “${middle.title}”.`)).toHaveAttribute('role', 'status');
    const undo = screen.getByRole('button', { name: 'Undo' });
    expect(undo).toHaveAccessibleDescription(`Removed “${middle.title}”.`);
    // Focus moves in an effect after the render: wait for it rather than race it.
    await waitFor(() => expect(undo).toHaveFocus());

    await user.keyboard('{Enter}');

    expect(storyLinks()).toEqual([newer.title, middle.title, older.title]);
    expect(store.getSnapshot().items[1]).toEqual(middle);
    await waitFor(() => expect(screen.getByRole('link', { name: middle.title })).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Undo' })).not.toBeInTheDocument();
    expect(screen.queryByText(/^Removed/)).not.toBeInTheDocument();
  });

  it('shows the empty state after the last story is removed, with Undo still offered', async () => {
    const { user } = renderPage(storageWith(older));
    await user.click(screen.getByRole('button', { name: `Remove “${older.title}” from saved` }));
    expect(screen.getByText(/Use the Save button/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(storyLinks()).toEqual([older.title]);
    expect(screen.getByRole('link', { name: older.title })).toHaveFocus();
  });

  it('says when saved stories will last only for this tab', () => {
    renderPage(null);
    expect(screen.getByText(/will last only until you close this tab/)).toHaveTextContent(
      'Your browser is not letting Dispatch store data, so saved stories will last only until you close this tab. Export them to keep a copy.',
    );
  });

  it('does not warn about storage when it works', () => {
    renderPage();
    expect(screen.queryByText(/will last only until you close this tab/)).not.toBeInTheDocument();
    expect(screen.queryByText(/could not be read/)).not.toBeInTheDocument();
  });

  it('reports stories that could not be read, and still lists the rest', () => {
    const storage = storageWith(newer);
    storage.setItem('dispatch:bookmark:broken-one', '{not json');
    storage.setItem('dispatch:bookmark:broken-two', '{"slug":"broken-two"}');
    renderPage(storage);
    expect(
      screen.getByText('2 saved stories could not be read. They have been set aside, not deleted.'),
    ).toBeInTheDocument();
    expect(storyLinks()).toEqual([newer.title]);
  });

  it('imports an exported file and says how many stories it added', async () => {
    const { user, store } = renderPage(storageWith(newer));
    const file = jsonFile(
      JSON.stringify({ format: 'dispatch-bookmarks', version: 1, bookmarks: [older, middle] }),
    );
    await user.upload(screen.getByLabelText('Import saved stories from a file'), file);

    expect(await screen.findByText('Imported 2 stories.')).toHaveAttribute('role', 'status');
    expect(storyLinks()).toEqual([newer.title, middle.title, older.title]);
    expect(store.getSnapshot().items).toHaveLength(3);
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
  });

  it('shows why a bad file cannot be imported, as an alert, and changes nothing', async () => {
    const { user, store } = renderPage();
    const before = store.getSnapshot();
    await user.upload(
      screen.getByLabelText('Import saved stories from a file'),
      jsonFile('{"format":"something-else"}', 'notes.json'),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This file is not a Dispatch saved-stories export.',
    );
    expect(store.getSnapshot()).toBe(before);
    expect(storyLinks()).toEqual([newer.title, middle.title, older.title]);
  });

  it('names the damaged entry in a file', async () => {
    const { user } = renderPage(new MemoryStorage());
    const file = jsonFile(
      JSON.stringify({
        format: 'dispatch-bookmarks',
        version: 1,
        bookmarks: [older, { ...middle, title: '' }],
      }),
    );
    await user.upload(screen.getByLabelText('Import saved stories from a file'), file);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Saved story 2 in this file is damaged: its title is missing.',
    );
    expect(screen.getByText(/Use the Save button/)).toBeInTheDocument();
  });

  it('exports the saved stories as a JSON file download, then frees the file', async () => {
    const createObjectURL = vi.fn((_blob: Blob) => 'blob:dispatch/export');
    const revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL, revokeObjectURL }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store } = renderPage();

    // fireEvent, not user-event: Testing Library's async wrapper waits on a (here fake) timer.
    fireEvent.click(screen.getByRole('button', { name: 'Export saved stories' }));

    expect(click).toHaveBeenCalledTimes(1);
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('dispatch-saved-stories.json');
    expect(link.href).toBe('blob:dispatch/export');
    expect(link.isConnected).toBe(false);
    expect(revokeObjectURL).not.toHaveBeenCalled();
    vi.runOnlyPendingTimers();
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:dispatch/export');

    // jsdom reads blobs on real timers.
    vi.useRealTimers();
    const blob = createObjectURL.mock.calls[0]![0];
    expect(await blob.text()).toBe(store.exportJson());
    expect(JSON.parse(await blob.text()).bookmarks).toEqual([newer, middle, older]);
  });
});
