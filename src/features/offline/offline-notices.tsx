import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../lib/paths';
import { usePendingUpdate } from './offline-state';
import { useOnline } from './use-online';

/** How long "back online" stays up; the offline message stays while the reader is offline. */
const BACK_ONLINE_MS = 5000;

/**
 * Two polite notices under the header, over the page (they never move the text):
 * the connection ("You’re offline", then "You’re back online") and a new version that waits
 * for the reader. A screen reader hears each as it appears, without losing its place; the
 * update's button is the only way the new version takes over, so nothing swaps mid-article.
 */
export function OfflineNotices() {
  const online = useOnline();
  const update = usePendingUpdate();
  const [backOnline, setBackOnline] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onOnline = () => {
      clearTimeout(timer);
      setBackOnline(true);
      timer = setTimeout(() => setBackOnline(false), BACK_ONLINE_MS);
    };
    const onOffline = () => {
      clearTimeout(timer);
      setBackOnline(false);
    };
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
    };
  }, []);

  return (
    <div className="offline-notices">
      <div role="status" className="offline-notice">
        {!online ? (
          <p>
            You’re offline. <Link to={paths.saved.build()}>Saved stories</Link> can still be read.
          </p>
        ) : backOnline ? (
          <p>You’re back online.</p>
        ) : null}
      </div>
      <div role="status" className="offline-notice">
        {update ? (
          <p>
            A new version of Dispatch is ready.{' '}
            <button type="button" onClick={update}>
              Reload for the new version
            </button>
          </p>
        ) : null}
      </div>
    </div>
  );
}
