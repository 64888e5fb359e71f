import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { onTestFinished } from 'vitest';
import {
  createBookmarkStore,
  type BookmarkStoreOptions,
} from '../../../src/features/bookmarks/bookmark-store';
import { BookmarkStoreContext } from '../../../src/features/bookmarks/use-bookmarks';
import { MemoryStorage } from './memory-storage';

/** Renders inside a router with a fresh store on in-memory storage. */
export function renderWithStore(ui: ReactNode, options: BookmarkStoreOptions = {}) {
  const store = createBookmarkStore({
    storage: new MemoryStorage(),
    onPersistRequest: () => {},
    ...options,
  });
  const view = render(
    <MemoryRouter>
      <BookmarkStoreContext value={store}>{ui}</BookmarkStoreContext>
    </MemoryRouter>,
  );
  onTestFinished(() => store.dispose());
  return { ...view, store };
}
