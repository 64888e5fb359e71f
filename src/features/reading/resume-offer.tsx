import { formatMoment, updatedSince } from '../../lib/dates';
import type { ReadingPosition } from './reading-positions';

interface ResumeOfferProps {
  offer: ReadingPosition | null;
  /** When the newsroom last updated the story, where it says. */
  updated?: string;
  onResume: () => void;
  onDismiss: () => void;
}

/**
 * "Continue where you left off", floating at the foot of the window so that nothing moves. A
 * screen reader hears it once as it appears; Continue moves focus to the remembered paragraph.
 */
export function ResumeOffer({ offer, updated, onResume, onDismiss }: ResumeOfferProps) {
  // Updated since the reader was last here: worth knowing before picking up where they were.
  const since = offer ? updatedSince(updated, offer.updatedAt) : null;
  return (
    <div role="status" className="notice-toast resume-offer">
      {offer ? (
        <>
          <p>
            You were {Math.round(offer.progress * 100)}% through this story.
            {since ? (
              <>
                {' '}
                Updated <time dateTime={since}>{formatMoment(since)}</time>, since you read it.
              </>
            ) : null}
          </p>
          <button type="button" onClick={onResume}>
            Continue where you left off
          </button>
          <button type="button" onClick={onDismiss} aria-label="Dismiss: start from the top">
            Dismiss
          </button>
        </>
      ) : null}
    </div>
  );
}
