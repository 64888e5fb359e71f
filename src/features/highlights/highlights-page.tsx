import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { TransferActions } from '../../components/transfer-actions';
import { isFullArticle } from '../../content/article';
import { articleQueries } from '../../content/queries';
import { anchorQuote, quoteSectionId, storyText } from '../../content/text-quote';
import { downloadFile } from '../../lib/download';
import { passagePath } from '../../lib/fragment-paths';
import { paths } from '../../lib/paths';
import { absoluteUrl } from '../../lib/site';
import {
  HighlightEntry,
  UndoNotice,
  useHighlights,
  useNoteEditor,
  useUndo,
} from './highlight-controls';
import {
  getHighlightStore,
  HIGHLIGHT_COLOURS,
  HIGHLIGHT_LABELS,
  type Highlight,
  type HighlightColour,
} from './highlight-store';
import { highlightsMarkdown } from './highlights-markdown';

/** An export of thousands of highlights is a few MB at most; anything far bigger is not one. */
const MAX_IMPORT_BYTES = 20_000_000;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function isColour(value: string | null): value is HighlightColour {
  return (HIGHLIGHT_COLOURS as readonly (string | null)[]).includes(value);
}

/**
 * The stories of some highlights, each once, the story with the newest change first, titled as
 * its newest change has it (a story can be retitled), its highlights in reading order.
 */
function byStory(
  items: readonly Highlight[],
): { slug: string; title: string; items: Highlight[] }[] {
  const groups = new Map<
    string,
    { slug: string; title: string; items: Highlight[]; latest: number }
  >();
  for (const item of items) {
    const at = Date.parse(item.updatedAt);
    const group = groups.get(item.slug);
    if (!group) {
      groups.set(item.slug, { slug: item.slug, title: item.title, items: [item], latest: at });
      continue;
    }
    group.items.push(item);
    if (at > group.latest) {
      group.latest = at;
      group.title = item.title;
    }
  }
  return [...groups.values()]
    .sort((a, b) => b.latest - a.latest || (a.slug < b.slug ? -1 : 1))
    .map(({ slug, title, items: storyItems }) => ({
      slug,
      title,
      items: storyItems.sort((a, b) => a.quote.position - b.quote.position),
    }));
}

/**
 * Which of a story's highlights the story, as the server has it now, no longer has the words
 * for. The story is asked for as the article page would (from the cache when it is there); a
 * story that cannot be had (offline, removed) says nothing either way.
 */
function useUnplaced(slug: string, items: readonly Highlight[]): ReadonlySet<string> {
  const { data: story } = useQuery({ ...articleQueries.detail(slug), retry: false });
  return useMemo(() => {
    if (!story) return new Set<string>();
    const text = isFullArticle(story) ? storyText(story) : null;
    return new Set(
      items.filter((item) => !text || !anchorQuote(text, item.quote)).map((item) => item.id),
    );
  }, [story, items]);
}

interface StoryHighlightsProps {
  slug: string;
  title: string;
  items: readonly Highlight[];
  headingId: string;
  onEdit: (highlight: Highlight) => void;
  onRemove: (highlight: Highlight) => void;
}

/** One story's highlights, in reading order, under its headline. */
function StoryHighlights({
  slug,
  title,
  items,
  headingId,
  onEdit,
  onRemove,
}: StoryHighlightsProps) {
  const unplaced = useUnplaced(slug, items);
  return (
    <section className="highlights-story" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Link to={paths.article.build(slug)}>{title}</Link>
      </h2>
      <ol className="highlight-list">
        {items.map((highlight) => (
          <HighlightEntry
            key={highlight.id}
            highlight={highlight}
            unplaced={unplaced.has(highlight.id)}
            onEdit={() => onEdit(highlight)}
            onRemove={() => onRemove(highlight)}
          />
        ))}
      </ol>
    </section>
  );
}

function passageUrl(highlight: Highlight): string {
  return absoluteUrl(
    passagePath(highlight.slug, quoteSectionId(highlight.quote), highlight.quote.exact),
  );
}

/**
 * Every highlight kept in this browser, by story. A screen reader hears the heading, the
 * export and import controls, the filter (radio buttons, one per kind, with counts), then each
 * story: its headline as a link, and each passage with its kind, its note, "Go to the passage",
 * and buttons to edit its note or remove it. Removing moves focus to Undo. Import results are
 * announced (errors as alerts); a bad file changes nothing.
 */
export function HighlightsPage() {
  const store = getHighlightStoreOnClient();
  const { items, persistence, corrupt } = useHighlights();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = isColour(kindParam) ? kindParam : null;
  const undo = useUndo();
  const notes = useNoteEditor(items, undo);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const known = persistence !== 'unknown';

  const shown = useMemo(
    () => (kind ? items.filter((item) => item.colour === kind) : items),
    [items, kind],
  );
  const stories = useMemo(() => byStory(shown), [shown]);
  const counts = useMemo(() => {
    const count = new Map<HighlightColour, number>();
    for (const item of items) count.set(item.colour, (count.get(item.colour) ?? 0) + 1);
    return count;
  }, [items]);

  // The filter commits at once (`flushSync`), as the quote gallery's speaker links do: in a
  // transition the controlled radio would snap back to the old kind until the navigation lands.
  const choose = (next: HighlightColour | null) =>
    setParams(next ? { kind: next } : {}, { replace: true, flushSync: true });

  // A kind asked for in the URL that has no highlights left shows them all again.
  useEffect(() => {
    if (known && kind && !counts.get(kind) && items.length > 0) setParams({}, { replace: true });
  }, [known, kind, counts, items.length, setParams]);

  async function remove(highlight: Highlight) {
    const removed = await store?.remove(highlight.id);
    if (removed && store) {
      undo.offer('Highlight removed.', () => store.restore(removed), { focus: true });
    }
  }

  async function importText(text: string): Promise<string> {
    if (!store) throw new Error('no store before hydration');
    const { added, updated, removed } = await store.importJson(text);
    if (added + updated + removed === 0) {
      return 'Nothing new to import: every highlight in this file is already here.';
    }
    const imported = `Imported ${plural(added + updated, 'highlight', 'highlights')}`;
    return removed ? `${imported}, and ${plural(removed, 'removal', 'removals')}.` : `${imported}.`;
  }

  function exportMarkdown() {
    const text = highlightsMarkdown(items, {
      origin: absoluteUrl('/'),
      passageUrl,
      storyUrl: (slug) => absoluteUrl(paths.article.build(slug)),
      exportedAt: new Date(),
    });
    downloadFile(text, 'dispatch-highlights.md', 'text/markdown');
  }

  return (
    <div className="highlights-page">
      <h1 ref={headingRef} tabIndex={-1}>
        Highlights
      </h1>
      <p>Passages you marked in stories, with your notes. They are kept in this browser.</p>

      <section className="saved-transfer" aria-labelledby={`${id}-transfer`}>
        <h2 id={`${id}-transfer`}>Take them with you</h2>
        <p>
          Export them as Markdown to read or share, or as a file that imports back here or in
          another browser.
        </p>
        <TransferActions
          label="Import highlights from a file"
          exportName="highlights"
          maxBytes={MAX_IMPORT_BYTES}
          disabled={!known}
          onImport={importText}
        >
          <button type="button" disabled={!known || items.length === 0} onClick={exportMarkdown}>
            Export as Markdown
          </button>
          <button
            type="button"
            disabled={!known}
            onClick={() =>
              store &&
              downloadFile(store.exportJson(), 'dispatch-highlights.json', 'application/json')
            }
          >
            Export for import (JSON)
          </button>
        </TransferActions>
      </section>

      {persistence === 'session-only' ? (
        <p className="saved-notice">
          Your browser is not letting Dispatch store data, so highlights will last only until you
          close this tab. Export them to keep a copy.
        </p>
      ) : null}
      {corrupt > 0 ? (
        <p className="saved-notice">
          {plural(corrupt, 'highlight', 'highlights')} could not be read.{' '}
          {corrupt === 1 ? 'It has' : 'They have'} been set aside, not deleted.
        </p>
      ) : null}

      {!known ? (
        <p>Your highlights are kept in this browser. They appear here once the page has loaded.</p>
      ) : items.length === 0 ? (
        <p>
          No highlights yet. Select words in a story, then choose a kind of highlight in the bar
          that appears (or press <kbd>h</kbd>).
        </p>
      ) : (
        <>
          <fieldset className="highlights-filter">
            <legend>Show</legend>
            <label>
              <input
                type="radio"
                name={`${id}-kind`}
                checked={kind === null}
                onChange={() => choose(null)}
              />
              All ({items.length})
            </label>
            {HIGHLIGHT_COLOURS.map((colour) =>
              counts.get(colour) ? (
                <label key={colour}>
                  <input
                    type="radio"
                    name={`${id}-kind`}
                    checked={kind === colour}
                    onChange={() => choose(colour)}
                  />
                  <span
                    className={`highlight-swatch highlight-swatch-${colour}`}
                    aria-hidden="true"
                  />
                  {HIGHLIGHT_LABELS[colour]} ({counts.get(colour)})
                </label>
              ) : null,
            )}
          </fieldset>
          {stories.map((story) => (
            <StoryHighlights
              key={story.slug}
              {...story}
              headingId={`${id}-${story.slug}`}
              onEdit={(highlight) => notes.edit(highlight.id)}
              onRemove={remove}
            />
          ))}
        </>
      )}

      <div className="highlight-dock">
        {notes.dialog}
        <UndoNotice undo={undo} />
      </div>
    </div>
  );
}

/** The store, in the browser only: a server render shows the page's loading state. */
function getHighlightStoreOnClient() {
  return typeof window === 'undefined' ? null : getHighlightStore();
}
