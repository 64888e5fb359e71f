import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ResumeOffer } from '../../../src/features/reading/resume-offer';
import type { ReadingPosition } from '../../../src/features/reading/reading-positions';

const offer: ReadingPosition = {
  slug: 'a',
  title: 'A',
  anchor: 'p-3',
  progress: 0.4,
  finished: false,
  updatedAt: '2026-12-06T09:00:00Z',
};
const noop = () => undefined;

describe('the resume offer', () => {
  it('says the story was updated since the reader was last in it, and when', () => {
    const updated = new Date(2026, 11, 7, 14, 5).toISOString();
    render(<ResumeOffer offer={offer} updated={updated} onResume={noop} onDismiss={noop} />);
    expect(screen.getByRole('status')).toHaveTextContent(
      'You were 40% through this story. Updated 14:05, 7 December 2026, since you read it.',
    );
    expect(screen.getByText('14:05, 7 December 2026').tagName).toBe('TIME');
  });

  it('says nothing of an update the reader had already seen', () => {
    render(
      <ResumeOffer offer={offer} updated="2026-12-05T09:00:00Z" onResume={noop} onDismiss={noop} />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(/^You were 40% through this story\.C/);
  });
});
