import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { MemoryRouter, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
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
});
