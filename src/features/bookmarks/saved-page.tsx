import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { TransferActions } from '../../components/transfer-actions';
import { formatLongDate } from '../../lib/dates';
import { downloadFile } from '../../lib/download';
import { paths } from '../../lib/paths';
import type { Bookmark } from './bookmark-store';
import { useBookmarks, useBookmarkStore } from './use-bookmarks';

const EXPORT_FILE_NAME = 'dispatch-saved-stories.json';
/** An export of thousands of stories is a few hundred kB; anything far bigger is not one. */
const MAX_IMPORT_BYTES = 5_000_000;

// The reader's own time zone: the day they saved it, as they saw it.

type FocusTarget = { kind: 'undo' } | { kind: 'story'; slug: string };

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function importedMessage(count: number): string {
  return count === 0
    ? 'Nothing new to import: every story in this file is already saved.'
    : `Imported ${plural(count, 'story', 'stories')}.`;
}

interface SavedPageProps {
  /** More about each story, under its date (the route adds whether it opens offline). */
  itemDetail?: (bookmark: Bookmark) => ReactNode;
}

/**
 * The saved-stories page. A screen reader hears the heading, any notice about storage, then the
 * list: each story is a link, its date saved and a "Remove “Title” from saved" button. Removing
 * says "Removed “Title”." and moves focus to Undo; undoing moves focus back to the story's link.
 * Import results are announced (errors as alerts); a bad file changes nothing.
 */
export function SavedPage({ itemDetail }: SavedPageProps = {}) {
  const store = useBookmarkStore();
  const { items, persistence, corrupt } = useBookmarks();
  const [removed, setRemoved] = useState<Bookmark | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  // Focus moves after the render that shows its target, so it is never lost to the body.
  const focusTarget = useRef<FocusTarget | null>(null);
  const id = useId();
  const headingId = `${id}-heading`;
  const removedMessageId = `${id}-removed`;
  const known = persistence !== 'unknown';

  useEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    if (target.kind === 'undo') {
      undoRef.current?.focus();
      return;
    }
    const link = listRef.current?.querySelector<HTMLElement>(`[data-slug="${target.slug}"] a`);
    (link ?? listRef.current ?? headingRef.current)?.focus();
  });

  async function remove(bookmark: Bookmark) {
    await store.remove(bookmark.slug);
    focusTarget.current = { kind: 'undo' };
    setRemoved(bookmark);
  }

  async function undo() {
    if (!removed) return;
    await store.restore(removed);
    focusTarget.current = { kind: 'story', slug: removed.slug };
    setRemoved(null);
  }

  return (
    <div className="saved-page">
      <h1 id={headingId} ref={headingRef} tabIndex={-1}>
        Saved stories
      </h1>
      <p>
        Passages you marked in stories are on the{' '}
        <Link to={paths.highlights.build()}>Highlights</Link> page.
      </p>

      {/* Above the list: the list arrives after hydration and must not push anything down. */}
      <section className="saved-transfer" aria-labelledby={`${id}-transfer`}>
        <h2 id={`${id}-transfer`}>Keep a copy</h2>
        <p>
          Saved stories live in this browser only. Export them to a file to keep a copy, or import
          that file in another browser.
        </p>
        <TransferActions
          label="Import saved stories from a file"
          exportName="saved-stories"
          maxBytes={MAX_IMPORT_BYTES}
          disabled={!known}
          onImport={async (text) => {
            const { added, updated } = await store.importJson(text);
            return importedMessage(added + updated);
          }}
        >
          <button
            type="button"
            disabled={!known}
            onClick={() => downloadFile(store.exportJson(), EXPORT_FILE_NAME, 'application/json')}
          >
            Export saved stories
          </button>
        </TransferActions>
      </section>

      {persistence === 'session-only' ? (
        <p className="saved-notice">
          Your browser is not letting Dispatch store data, so saved stories will last only until you
          close this tab. Export them to keep a copy.
        </p>
      ) : null}
      {corrupt > 0 ? (
        <p className="saved-notice">
          {plural(corrupt, 'saved story', 'saved stories')} could not be read.{' '}
          {corrupt === 1 ? 'It has' : 'They have'} been set aside, not deleted.
        </p>
      ) : null}

      <div className="saved-undo">
        <p role="status" id={removedMessageId}>
          {removed ? `Removed “${removed.title}”.` : null}
        </p>
        {removed ? (
          <button type="button" ref={undoRef} aria-describedby={removedMessageId} onClick={undo}>
            Undo
          </button>
        ) : null}
      </div>

      {!known ? (
        <p>
          Your saved stories are kept in this browser. They appear here once the page has loaded.
        </p>
      ) : items.length === 0 ? (
        <p>Use the Save button beside a story to keep it here for later.</p>
      ) : (
        <ul className="saved-list" ref={listRef} tabIndex={-1} aria-labelledby={headingId}>
          {items.map((bookmark) => (
            <li key={bookmark.slug} className="saved-item" data-slug={bookmark.slug}>
              <Link className="saved-item-title" to={paths.article.build(bookmark.slug)}>
                {bookmark.title}
              </Link>
              <span className="saved-item-date">
                Saved{' '}
                <time dateTime={bookmark.savedAt}>{formatLongDate(bookmark.savedAt, 'local')}</time>
              </span>
              {itemDetail?.(bookmark)}
              <button
                type="button"
                aria-label={`Remove “${bookmark.title}” from saved`}
                onClick={() => remove(bookmark)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
