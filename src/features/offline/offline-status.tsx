import { useOfflineCopies, type OfflineCopyStatus } from './offline-state';

const messages: Record<OfflineCopyStatus, string> = {
  checking: 'Checking offline copy…',
  saving: 'Saving for offline reading…',
  available: 'Available offline',
  waiting: 'Not available offline yet: it will be downloaded when you are back online.',
  unsupported: 'Not available offline: this browser cannot keep stories for offline reading.',
  refused: 'Not available offline: your browser is not letting Dispatch store it.',
  quota: 'Not available offline: there is no storage space left for it on this device.',
  failed: 'Not available offline: it could not be downloaded. Dispatch will try again later.',
};

/**
 * One saved story's offline copy, in words: whether it opens offline, and if not, why. Read
 * with the story in the saved list; changes are not announced, so a list being checked does
 * not talk over the reader.
 */
export function OfflineStatus({ slug }: { slug: string }) {
  const status = useOfflineCopies()?.find((copy) => copy.slug === slug)?.status ?? 'checking';
  return (
    <span className="offline-status" data-status={status}>
      {messages[status]}
    </span>
  );
}
