import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { MemoryRouter, useLocation } from 'react-router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchField } from '../../../src/features/search/search-field';

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname + location.search}</output>;
}

function Header({ at }: { at: string }) {
  return (
    <MemoryRouter initialEntries={[at]}>
      <SearchField />
      <Where />
    </MemoryRouter>
  );
}

/** The header's HTML as the prerender step writes it, parsed. */
function prerendered(at: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = renderToString(<Header at={at} />);
  return container;
}

describe('SearchField', () => {
  // jsdom hides a closed popover, as browsers do, but loads none of our CSS: this is the wide
  // header's rule (search-field.css), which shows the form in the header's row (important: jsdom
  // weighs its own stylesheet by specificity alone, not as the browser's, below the page's).
  const wideHeader = document.createElement('style');
  beforeAll(() => {
    wideHeader.textContent = '.site-search { display: flex !important; }';
    document.head.append(wideHeader);
  });
  afterAll(() => wideHeader.remove());

  it('is a GET form to /search with a field and a submit button named Search', () => {
    render(<Header at="/articles/one" />);
    const form = screen.getByRole('search');
    expect(form).toHaveAttribute('action', '/search');
    expect(form).not.toHaveAttribute('method');
    expect(screen.getByRole('searchbox', { name: 'Search stories' })).toHaveAttribute('name', 'q');
    const submit = screen
      .getAllByRole('button', { name: 'Search' })
      .find((button) => form.contains(button));
    expect(submit).toHaveAttribute('type', 'submit');
  });

  it('is prerendered as a popover its Search button opens, with no state the browser would not show', () => {
    const container = prerendered('/articles/one');
    const form = container.querySelector('form')!;
    const button = container.querySelector('button[type="button"]')!;
    expect(form).toHaveAttribute('popover', 'auto');
    expect(button.getAttribute('popovertarget')).toBe(form.id);
    expect(button).toHaveAttribute('aria-controls', form.id);
    expect(button.textContent).toBe('Search');
    // The browser exposes an invoker's expanded state itself until the app runs: a prerendered
    // "false" would be wrong once the field had been opened.
    expect(button).not.toHaveAttribute('aria-expanded');
  });

  it('is always shown on the search page: no popover, no button to open it', () => {
    const container = prerendered('/search?q=drone');
    expect(container.querySelector('form')).not.toHaveAttribute('popover');
    expect(container.querySelector('button[type="button"]')).toBeNull();
  });

  it('submits in the app, to the search page with the query', async () => {
    const user = userEvent.setup();
    render(<Header at="/articles/one" />);
    await user.type(screen.getByRole('searchbox'), '  drone strike ');
    const form = screen.getByRole('search');
    const submit = screen
      .getAllByRole('button', { name: 'Search' })
      .find((button) => form.contains(button))!;
    await user.click(submit);
    expect(screen.getByTestId('where')).toHaveTextContent('/search?q=drone%20strike');
  });

  it('focuses the field on `/`, but not while the reader types in another field', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Header at="/articles/one" />
        <input aria-label="Elsewhere" />
      </>,
    );
    await user.keyboard('/');
    const field = screen.getByRole('searchbox');
    expect(field).toHaveFocus();
    expect(field).toHaveValue('');

    await user.click(screen.getByRole('textbox', { name: 'Elsewhere' }));
    await user.keyboard('/');
    expect(screen.getByRole('textbox', { name: 'Elsewhere' })).toHaveValue('/');
    expect(field).not.toHaveFocus();
  });

  it('takes the query from the URL as the search page hydrates', async () => {
    const container = prerendered('/search?q=drone');
    document.body.append(container);
    await act(async () => {
      hydrateRoot(container, <Header at="/search?q=drone" />);
    });
    expect(screen.getByRole('searchbox')).toHaveValue('drone');
    container.remove();
  });

  it('keeps what the reader typed into the prerendered field before the app loaded', async () => {
    const container = prerendered('/articles/one');
    document.body.append(container);
    const field = container.querySelector('input')!;
    field.value = 'drone';
    await act(async () => {
      hydrateRoot(container, <Header at="/articles/one" />);
    });
    expect(container.querySelector('input')).toBe(field);
    expect(field).toHaveValue('drone');
    container.remove();
  });
});
