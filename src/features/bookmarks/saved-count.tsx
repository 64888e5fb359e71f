import { Link } from 'react-router';
import { paths } from '../../lib/paths';
import { useBookmarks } from './use-bookmarks';

/**
 * The header link to the saved stories. Visible "Saved (2)"; a screen reader hears
 * "Saved stories, 2, link". Before hydration the count is not known: the link reads "Saved" and
 * the count's space is kept, so the header does not shift when it arrives.
 */
export function SavedLink() {
  const { items, persistence } = useBookmarks();
  const known = persistence !== 'unknown';
  return (
    <Link
      className="saved-link"
      to={paths.saved.build()}
      aria-label={known ? `Saved stories, ${items.length}` : 'Saved stories'}
    >
      Saved <span className="saved-link-count">{known ? `(${items.length})` : null}</span>
    </Link>
  );
}
