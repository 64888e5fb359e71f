import { act, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { SavedLink } from '../../../src/features/bookmarks/saved-count';
import { renderWithStore } from './render-with-store';

describe('SavedLink', () => {
  it('links to the saved stories with the count in its name', async () => {
    const { store } = renderWithStore(<SavedLink />);
    const link = screen.getByRole('link', { name: 'Saved stories, 0' });
    expect(link).toHaveAttribute('href', '/saved');
    expect(link).toHaveTextContent('Saved (0)');

    await act(() => store.save({ slug: 'one', title: 'One' }));
    await act(() => store.save({ slug: 'two', title: 'Two' }));
    expect(link).toHaveAccessibleName('Saved stories, 2');
    expect(link).toHaveTextContent('Saved (2)');
  });

  it('is prerendered without a count, keeping the count’s place', () => {
    const container = document.createElement('div');
    container.innerHTML = renderToString(
      <MemoryRouter>
        <SavedLink />
      </MemoryRouter>,
    );
    const link = container.querySelector('a')!;
    expect(link.textContent?.trim()).toBe('Saved');
    expect(link.querySelector('.saved-link-count')).not.toBeNull();
  });
});
