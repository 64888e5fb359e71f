import { useRef } from 'react';
import { useBookmarks, useBookmarkStore } from './use-bookmarks';

interface BookmarkButtonProps {
  slug: string;
  title: string;
  className?: string;
}

/**
 * Saves or unsaves a story: for the toggle button, which shows the list's state (the `s` key
 * uses `useBookmarkCommand`). `ready` is false until the saved list is known (after hydration).
 */
export function useBookmarkToggle(slug: string, title: string) {
  const store = useBookmarkStore();
  const { items, persistence } = useBookmarks();
  const busy = useRef(false);
  const ready = persistence !== 'unknown';
  const saved = items.some((bookmark) => bookmark.slug === slug);

  async function toggle() {
    // A double click must not save and remove in one go; the button stays enabled (and focused).
    if (busy.current || !ready) return;
    busy.current = true;
    try {
      await (saved ? store.remove(slug) : store.save({ slug, title }));
    } finally {
      busy.current = false;
    }
  }
  return { ready, saved, toggle };
}

/**
 * Saves or unsaves a story from a keyboard shortcut, reading the saved list when it is called:
 * unlike `useBookmarkToggle`, its component does not render again as the list changes (the
 * article page, whose `s` key uses it, would otherwise render again when the list arrives).
 * Returns what it did, or null while the list is not known yet.
 */
export function useBookmarkCommand(slug: string, title: string): () => 'saved' | 'removed' | null {
  const store = useBookmarkStore();
  return () => {
    if (store.getSnapshot().persistence === 'unknown') return null;
    if (store.isSaved(slug)) {
      void store.remove(slug);
      return 'removed';
    }
    void store.save({ slug, title });
    return 'saved';
  };
}

/**
 * A toggle button. A screen reader hears "Save “Title” for later, toggle button, not pressed",
 * then "Remove “Title” from saved, toggle button, pressed". The visible word ("Save", "Saved")
 * starts or ends the spoken name, so voice control users can say what they see.
 *
 * Before hydration (prerendered HTML, or no JS) the list is unknown: the button is disabled,
 * at the same size, so nothing moves when it comes alive.
 */
export function BookmarkButton({ slug, title, className }: BookmarkButtonProps) {
  const { ready, saved, toggle } = useBookmarkToggle(slug, title);

  return (
    <button
      type="button"
      className={className ? `bookmark-button ${className}` : 'bookmark-button'}
      aria-pressed={saved}
      aria-label={saved ? `Remove “${title}” from saved` : `Save “${title}” for later`}
      disabled={!ready}
      onClick={toggle}
    >
      {saved ? 'Saved' : 'Save'}
    </button>
  );
}
