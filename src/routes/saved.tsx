import { SavedPage } from '../features/bookmarks/saved-page';
import { OfflineStatus } from '../features/offline/offline-status';
import { ReadingProgressNote } from '../features/reading/continue-reading';
import { usePageHead } from '../lib/use-page-head';
import { paths } from '../lib/paths';

/** Saved stories live in this browser only: the prerendered page is the "loading" state. */
export function Component() {
  usePageHead({
    title: 'Saved stories',
    description: 'Stories you saved to read later, kept in this browser.',
    canonicalPath: paths.saved.build(),
    noindex: true,
  });
  return (
    <SavedPage
      itemDetail={(bookmark) => (
        <>
          <ReadingProgressNote slug={bookmark.slug} />
          <OfflineStatus slug={bookmark.slug} />
        </>
      )}
    />
  );
}
