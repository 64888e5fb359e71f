import type { ReadingPosition } from './reading-positions';

interface ResumeOfferProps {
  offer: ReadingPosition | null;
  onResume: () => void;
  onDismiss: () => void;
}

/**
 * "Continue where you left off", floating at the foot of the window so that nothing moves. A
 * screen reader hears it once as it appears; Continue moves focus to the remembered paragraph.
 */
export function ResumeOffer({ offer, onResume, onDismiss }: ResumeOfferProps) {
  return (
    <div role="status" className="notice-toast resume-offer">
      {offer ? (
        <>
          <p>You were {Math.round(offer.progress * 100)}% through this story.</p>
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
