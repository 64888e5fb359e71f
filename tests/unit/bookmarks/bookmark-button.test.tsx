import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { BookmarkButton } from '../../../src/features/bookmarks/bookmark-button';
import { createBookmarkStore } from '../../../src/features/bookmarks/bookmark-store';
import { BookmarkStoreContext } from '../../../src/features/bookmarks/use-bookmarks';
import { MemoryStorage } from './memory-storage';
import { renderWithStore } from './render-with-store';

const title = 'Ministers “regret” the delay';

describe('BookmarkButton', () => {
  it('saves the story, then removes it, as a toggle', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStore(<BookmarkButton slug="the-delay" title={title} />);

    const button = screen.getByRole('button', { name: `Save “${title}” for later` });
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button).toHaveTextContent(/^Save$/);
    expect(button).toBeEnabled();

    await user.click(button);
    expect(store.isSaved('the-delay')).toBe(true);
    expect(button).toHaveAttribute('aria-pressed', 'true');
    expect(button).toHaveAccessibleName(`Remove “${title}” from saved`);
    expect(button).toHaveTextContent(/^Saved$/);
    expect(button).toHaveFocus();

    await user.click(button);
    expect(store.isSaved('the-delay')).toBe(false);
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button).toHaveAccessibleName(`Save “${title}” for later`);
  });

  it('works from the keyboard', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStore(<BookmarkButton slug="the-delay" title={title} />);
    await user.tab();
    await user.keyboard('{Enter}');
    expect(store.isSaved('the-delay')).toBe(true);
    await user.keyboard(' ');
    expect(store.isSaved('the-delay')).toBe(false);
  });

  it('shows a story saved elsewhere (another button, another tab) as saved', async () => {
    const { store } = renderWithStore(<BookmarkButton slug="the-delay" title={title} />);
    await act(() => store.save({ slug: 'the-delay', title }));
    expect(screen.getByRole('button', { name: `Remove “${title}” from saved` })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('keeps its class for layout and adds the caller’s', () => {
    renderWithStore(<BookmarkButton slug="the-delay" title={title} className="related-save" />);
    expect(screen.getByRole('button')).toHaveClass('bookmark-button', 'related-save');
  });

  it('is prerendered disabled, then comes alive on hydration without a mismatch', async () => {
    const storage = new MemoryStorage({
      'dispatch:bookmark:the-delay': JSON.stringify({
        slug: 'the-delay',
        title,
        savedAt: '2026-11-27T09:00:00.000Z',
      }),
    });
    const store = createBookmarkStore({ storage, onPersistRequest: () => {} });
    const ui = (
      <BookmarkStoreContext value={store}>
        <BookmarkButton slug="the-delay" title={title} />
      </BookmarkStoreContext>
    );
    const html = renderToString(ui);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    expect(screen.getByRole('button')).toBeDisabled();
    expect(screen.getByRole('button')).toHaveTextContent(/^Save$/);

    const errors = vi.spyOn(console, 'error');
    render(ui, { container, hydrate: true });
    expect(
      await screen.findByRole('button', { name: `Remove “${title}” from saved` }),
    ).toBeEnabled();
    expect(errors).not.toHaveBeenCalled();
    store.dispose();
  });
});
