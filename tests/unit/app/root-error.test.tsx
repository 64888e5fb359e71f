import { act, render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RootErrorBoundary } from '../../../src/app/error-pages';
import { AppProviders } from '../../../src/app/providers';
import { createQueryClient } from '../../../src/app/query-client';

/** The root error page for a route whose loading failed with `error`. */
function renderFailedPage(error: Error) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        errorElement: <RootErrorBoundary />,
        // As a route whose module fails to load: the router's lazy() rejects.
        lazy: () => Promise.reject(error),
        hydrateFallbackElement: <p>Loading…</p>,
      },
    ],
    { initialEntries: ['/'] },
  );
  render(
    <AppProviders queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
}

const chunkError = () =>
  new TypeError('Failed to fetch dynamically imported module: https://example.test/assets/q.js');

function setOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('the root error page', () => {
  afterEach(() => vi.restoreAllMocks());

  it('says part of the app did not load, without claiming why, and offers a reload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    renderFailedPage(chunkError());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Part of Dispatch did not load' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/may have been updated .*or the connection dropped/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeInTheDocument();
  });

  it('says the reader is offline when they are, and changes when they reconnect', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    setOnline(false);
    renderFailedPage(chunkError());
    expect(
      await screen.findByRole('heading', { level: 1, name: 'You’re offline' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Reload once you are back online/)).toBeVisible();
    act(() => setOnline(true));
    expect(
      screen.getByRole('heading', { level: 1, name: 'Part of Dispatch did not load' }),
    ).toBeInTheDocument();
  });

  it('keeps the general message for any other error, online or not', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    setOnline(false);
    renderFailedPage(new Error('render failed'));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Something went wrong' }),
    ).toBeInTheDocument();
  });
});
