import { useEffect, useId, useRef, useState } from 'react';
import { shareLink, type ShareData } from '../lib/share';

interface ShareButtonProps {
  /** The accessible name; it must name what is shared, e.g. "Share section: Growing tensions". */
  label: string;
  share: ShareData;
  className?: string;
}

/**
 * Share sheet, else clipboard with a "Link copied" announcement, else the link selected in a
 * field to copy by hand. Focus comes back to the button; a cancelled share says nothing.
 */
export function ShareButton({ label, share, className }: ShareButtonProps) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'manual'>('idle');
  const buttonRef = useRef<HTMLButtonElement>(null);
  const fieldRef = useRef<HTMLInputElement>(null);
  const fieldId = useId();

  useEffect(() => {
    if (status === 'manual') fieldRef.current?.select();
    if (status !== 'copied') return;
    const timer = window.setTimeout(() => setStatus('idle'), 4000);
    return () => window.clearTimeout(timer);
  }, [status]);

  async function onClick() {
    const outcome = await shareLink(share);
    if (outcome === 'manual') {
      setStatus('manual');
      return;
    }
    setStatus(outcome === 'copied' ? 'copied' : 'idle');
    buttonRef.current?.focus();
  }

  return (
    <span className={`share ${className ?? ''}`} data-pagefind-ignore="">
      <button
        ref={buttonRef}
        type="button"
        className="share-button needs-js"
        aria-label={label}
        onClick={() => void onClick()}
      >
        Share
      </button>
      <span role="status" className="share-status">
        {status === 'copied' ? 'Link copied' : ''}
      </span>
      {status === 'manual' ? (
        <span className="share-manual">
          <label htmlFor={fieldId}>Copy this link</label>
          <input
            ref={fieldRef}
            id={fieldId}
            type="url"
            readOnly
            value={share.url}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                setStatus('idle');
                buttonRef.current?.focus();
              }
            }}
          />
        </span>
      ) : null}
    </span>
  );
}
