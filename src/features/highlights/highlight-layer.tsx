import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Link, useLocation } from 'react-router';
import type { Article } from '../../content/article';
import { anchorQuote, quoteSelector, type TextQuote } from '../../content/text-quote';
import { isShortcut } from '../../lib/keyboard';
import { paths } from '../../lib/paths';
import { siteHeaderBottom } from '../../lib/site-header';
import { domStoryText, type DomStoryText } from './dom-text';
import {
  getHighlightStore,
  HIGHLIGHT_COLOURS,
  HIGHLIGHT_LABELS,
  type Highlight,
  type HighlightColour,
} from './highlight-store';
import {
  ColourChoice,
  HighlightEntry,
  UndoNotice,
  useHighlights,
  useNoteEditor,
  useUndo,
} from './highlight-controls';

/** A highlight and where it stands in the text now (null: it could not be placed). */
interface Placed {
  highlight: Highlight;
  range: { start: number; end: number } | null;
}

/** The CSS Custom Highlight API's registry, where the browser has it. */
function highlightRegistry(): HighlightRegistry | undefined {
  return typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : undefined;
}

const PAINT_PREFIX = 'dispatch-';
const LANDED = `${PAINT_PREFIX}landed`;
/** How long a landed passage stays emphasised. */
const EMPHASIS_MS = 2_400;

/**
 * Paints the placed highlights with the CSS Custom Highlight API: the text stays the article's
 * own DOM, rendered by React and never touched here (no wrapping elements to keep in step, no
 * re-render of the article). A screen reader does not hear painted ranges, so the story's list
 * of highlights (below the article) says what is marked, and each entry leads to its passage.
 */
function usePaint(text: DomStoryText | null, placed: readonly Placed[]): void {
  useEffect(() => {
    const registry = highlightRegistry();
    if (!registry || !text) return;
    const byColour = new Map<HighlightColour, Range[]>();
    for (const { highlight, range } of placed) {
      if (!range) continue;
      const ranges = byColour.get(highlight.colour) ?? [];
      ranges.push(text.toRange(range.start, range.end));
      byColour.set(highlight.colour, ranges);
    }
    for (const colour of HIGHLIGHT_COLOURS) {
      registry.set(PAINT_PREFIX + colour, new Highlight(...(byColour.get(colour) ?? [])));
    }
    return () => {
      for (const colour of HIGHLIGHT_COLOURS) registry.delete(PAINT_PREFIX + colour);
    };
  }, [text, placed]);
}

/** The text selection inside the article body, as a selector, when it makes one. */
interface Selected {
  quote: TextQuote;
  start: number;
  end: number;
}

/**
 * What the bar acts on: the selection's words, or why there are none to mark (the selection
 * runs into another section; `h` was pressed with nothing selected).
 */
type BarSelection = Selected | 'other-sections' | 'nothing';

function currentSelection(text: DomStoryText): Selected | 'other-sections' | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const start = text.offsetOf(range.startContainer, range.startOffset);
  const end = text.offsetOf(range.endContainer, range.endOffset);
  if (start === null || end === null || end <= start) return null;
  const quote = quoteSelector(text, start, end);
  if (quote) return { quote, start: quote.position, end: quote.position + quote.exact.length };
  // A selection of real text that makes no selector runs from one section into another.
  return text.text.slice(start, end).trim() ? 'other-sections' : null;
}

/** The block element (a paragraph, a list…) where a range starts: what takes focus on landing. */
function blockOf(range: Range): HTMLElement | null {
  const node = range.startContainer;
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest<HTMLElement>('[data-anchor]') ?? null;
}

/** A paragraph (or list, or table) takes focus for the reader's place, without scrolling. */
function focusBlock(block: HTMLElement): void {
  if (!block.hasAttribute('tabindex')) block.setAttribute('tabindex', '-1');
  block.focus({ preventScroll: true });
}

/** Scrolls a passage to just below the sticky header (or centres a tall one), then focuses it. */
function landOnRange(range: Range): void {
  const block = blockOf(range);
  const box = range.getBoundingClientRect();
  const top = siteHeaderBottom() + 16;
  const room = window.innerHeight - top;
  const offset =
    box.height > room ? box.top - top : box.top - top - Math.max(0, (room - box.height) / 3);
  window.scrollBy({ top: offset, behavior: 'instant' });
  if (block) focusBlock(block);
  const registry = highlightRegistry();
  if (!registry) return;
  registry.set(LANDED, new Highlight(range));
  window.setTimeout(() => registry.delete(LANDED), EMPHASIS_MS);
}

/**
 * The article body's text, read from the DOM (what the reader selects is the DOM's), and read
 * again when React changes the body's text (a newer copy of the story): a MutationObserver is
 * the subscription, and the text is kept until the body or its version changes.
 */
function useBodyText(article: Article): DomStoryText | null {
  const version = useRef(0);
  const cache = useRef<{ body: Element | null; version: number; text: DomStoryText | null }>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const body = document.querySelector('.article-body');
      if (!body) return () => {};
      const observer = new MutationObserver(() => {
        version.current += 1;
        onChange();
      });
      observer.observe(body, { childList: true, subtree: true, characterData: true });
      return () => {
        // Changes React made just before this cleanup (a newer copy of the story) may not have
        // been reported yet: they count, or the old text would stay.
        if (observer.takeRecords().length > 0) version.current += 1;
        observer.disconnect();
      };
    },
    // A new article is a new body to watch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [article],
  );
  const getSnapshot = () => {
    const body = document.querySelector<HTMLElement>('.article-body');
    const cached = cache.current;
    if (cached && cached.body === body && cached.version === version.current) return cached.text;
    const text = body ? domStoryText(body) : null;
    cache.current = { body, version: version.current, text };
    return text;
  };
  return useSyncExternalStore(subscribe, getSnapshot, () => null);
}

interface HighlightLayerProps {
  article: Article;
  landOn?: string;
}

/**
 * The reader's highlights in one article. Select text (mouse, touch, or Shift with the arrow
 * keys), then choose a kind in the bar at the bottom of the window, or press `h` for the last
 * kind used. The bar stays clear of the phone's own selection menu, which sits by the text.
 * Clicking a highlight opens the same bar for it: change its kind, add a note, remove it (with
 * Undo). Below the article, the story's highlights are listed in reading order, with the ones
 * the story no longer has the words for ("could not be placed"); print keeps that list.
 */
export function HighlightLayer({ article, landOn }: HighlightLayerProps) {
  const store = getHighlightStore();
  const { items, persistence } = useHighlights();
  const location = useLocation();
  const [selected, setSelected] = useState<BarSelection | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [lastColour, setLastColour] = useState<HighlightColour>('key');
  const undo = useUndo();
  const bar = useRef<HTMLDivElement>(null);
  const pressingBar = useRef(false);
  const focusBar = useRef(false);
  const lastColourRef = useRef(lastColour);
  useEffect(() => {
    lastColourRef.current = lastColour;
  }, [lastColour]);

  const text = useBodyText(article);

  const mine = useMemo(() => items.filter((item) => item.slug === article.slug), [items, article]);
  const notes = useNoteEditor(mine, undo);
  const placed = useMemo<Placed[]>(
    () =>
      text
        ? mine
            .map((highlight) => ({ highlight, range: anchorQuote(text, highlight.quote) }))
            .sort(
              (a, b) =>
                (a.range?.start ?? Infinity) - (b.range?.start ?? Infinity) ||
                a.highlight.quote.position - b.highlight.quote.position,
            )
        : [],
    [text, mine],
  );
  usePaint(text, placed);

  // The selection, as it changes. A click on painted text (a collapsed selection inside a
  // highlight) opens that highlight.
  useEffect(() => {
    if (!text) return;
    let frame = 0;
    const onChange = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const next = currentSelection(text);
        // Pressing the bar's buttons must not lose the selection it acts on (a tap on a
        // phone may clear it before the button hears the click).
        if (!next && (pressingBar.current || bar.current?.contains(document.activeElement))) return;
        setSelected(next);
        if (next) setEditing(null);
      });
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target;
      if (!(target instanceof Element) || target.closest('.highlight-dock, dialog')) return;
      // A click anywhere else closes the bar, unless it lands on a highlight, which it opens.
      setEditing(null);
      if (!target.closest('.article-body') || target.closest('a, button')) return;
      const selection = document.getSelection();
      if (!selection?.isCollapsed || !selection.focusNode) return;
      const at = text.offsetOf(selection.focusNode, selection.focusOffset);
      if (at === null) return;
      const hit = placed.find(({ range }) => range && range.start <= at && at < range.end);
      if (hit) setEditing(hit.highlight.id);
    };
    document.addEventListener('selectionchange', onChange);
    document.addEventListener('click', onClick);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('selectionchange', onChange);
      document.removeEventListener('click', onClick);
    };
  }, [text, placed]);

  async function mark(colour: HighlightColour, fromKeyboard: boolean) {
    pressingBar.current = false;
    // The selection as it is now (the state follows it a frame behind: a key pressed right after
    // Shift+arrow must mark all of it); else the one the bar was shown for, which a tap on a
    // phone may have cleared.
    const live = text ? currentSelection(text) : null;
    const chosen = live ?? selected;
    if (!chosen || chosen === 'other-sections' || chosen === 'nothing') {
      setSelected(chosen === null && fromKeyboard ? 'nothing' : chosen);
      return;
    }
    setLastColour(colour);
    const highlight = await store.add({
      slug: article.slug,
      title: article.headline.text,
      quote: chosen.quote,
      colour,
    });
    document.getSelection()?.removeAllRanges();
    setSelected(null);
    setEditing(highlight.id);
    focusBar.current = fromKeyboard || bar.current?.contains(document.activeElement) === true;
    undo.offer(`Highlighted as ${HIGHLIGHT_LABELS[colour]}.`, async () => {
      await store.remove(highlight.id);
      setEditing(null);
    });
  }

  // `h` marks the selection in the kind used last.
  const markRef = useRef(mark);
  useEffect(() => {
    markRef.current = mark;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'h' || !isShortcut(event)) return;
      event.preventDefault();
      void markRef.current(lastColourRef.current, true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // After marking from the keyboard, focus moves into the bar, to the kind just chosen.
  useEffect(() => {
    if (!focusBar.current || !editing) return;
    focusBar.current = false;
    bar.current?.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
  });

  // Lands on `#highlight-<id>`, once per navigation, as soon as the highlight can be placed;
  // one that cannot (gone from this browser, or from the story) is told, until dismissed.
  const ready = landOn !== undefined && text !== null && persistence !== 'unknown';
  const target = ready ? placed.find(({ highlight }) => highlight.id === landOn) : undefined;
  const landed = useRef<string | null>(null);
  useEffect(() => {
    if (!text || !target?.range || landed.current === location.key) return;
    landed.current = location.key;
    landOnRange(text.toRange(target.range.start, target.range.end));
  }, [text, target, location.key]);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const missing =
    ready && !target?.range && dismissed !== location.key
      ? target
        ? 'unplaced'
        : 'unknown'
      : null;

  const editingPlaced = placed.find(({ highlight }) => highlight.id === editing);
  const editingHighlight = editingPlaced?.highlight;

  /** Closes the bar; focus that was in it goes back to the passage's paragraph. */
  function closeBar() {
    const hadFocus = bar.current?.contains(document.activeElement) ?? false;
    setEditing(null);
    setSelected(null);
    if (!hadFocus || !text || !editingPlaced?.range) return;
    const block = blockOf(text.toRange(editingPlaced.range.start, editingPlaced.range.end));
    if (block) focusBlock(block);
  }

  async function recolour(highlight: Highlight, colour: HighlightColour) {
    if (highlight.colour === colour) return;
    setLastColour(colour);
    const previous = await store.update(highlight.id, { colour });
    if (previous) {
      undo.offer(`Changed to ${HIGHLIGHT_LABELS[colour]}.`, () => store.restore(previous));
    }
  }

  async function remove(highlight: Highlight) {
    const removed = await store.remove(highlight.id);
    setEditing(null);
    if (removed) {
      undo.offer('Highlight removed.', () => store.restore(removed), { focus: true });
    }
  }

  const storedNote =
    persistence === 'session-only'
      ? ' This browser is not letting Dispatch store data, so highlights last only until you close this tab.'
      : '';
  const placedCount = placed.filter(({ range }) => range).length;
  const unplaced = placed.filter(({ range }) => !range);

  return (
    <>
      <div
        className="highlight-dock"
        onPointerDown={(event) => {
          pressingBar.current = bar.current?.contains(event.target as Node) ?? false;
        }}
      >
        {selected || editingHighlight ? (
          <div
            ref={bar}
            className="highlight-bar"
            role="group"
            aria-label={editingHighlight ? 'Your highlight' : 'Highlight the selected text'}
            onKeyDown={(event) => {
              if (event.key === 'Escape') closeBar();
            }}
          >
            {selected === 'other-sections' ? (
              <p className="highlight-bar-hint">A highlight stays within one section.</p>
            ) : selected === 'nothing' ? (
              <p className="highlight-bar-hint">
                Select words in the story first, then press <kbd>h</kbd>. From the keyboard, turn on
                caret browsing (<kbd>F7</kbd>) and select with Shift and the arrow keys.
              </p>
            ) : editingHighlight ? (
              <>
                <ColourChoice
                  current={editingHighlight.colour}
                  onChoose={(colour) => recolour(editingHighlight, colour)}
                />
                <div className="highlight-bar-actions">
                  <button type="button" onClick={() => notes.edit(editingHighlight.id)}>
                    {editingHighlight.note ? 'Edit note' : 'Add note'}
                  </button>
                  <button type="button" onClick={() => remove(editingHighlight)}>
                    Remove
                  </button>
                  <button type="button" onClick={closeBar}>
                    Done
                  </button>
                </div>
              </>
            ) : (
              <>
                <ColourChoice onChoose={(colour) => mark(colour, false)} />
                <p className="highlight-bar-hint">
                  or press <kbd>h</kbd>
                </p>
              </>
            )}
          </div>
        ) : null}

        {notes.dialog}

        <UndoNotice undo={undo} extra={storedNote} />

        <div role="status" className="highlight-missing">
          {missing ? (
            <>
              <p>
                {missing === 'unplaced'
                  ? 'The story has changed, and the words of this highlight are no longer in it. It is listed below the story.'
                  : 'This highlight is not among the highlights kept in this browser, so the story opens at the top.'}
              </p>
              <button type="button" onClick={() => setDismissed(location.key)}>
                Dismiss
              </button>
            </>
          ) : null}
        </div>
      </div>

      {placed.length > 0 ? (
        <aside className="story-highlights" aria-labelledby="story-highlights-heading">
          <h2 id="story-highlights-heading">Your highlights in this story</h2>
          <p className="story-highlights-meta">
            Kept in this browser. <Link to={paths.highlights.build()}>All your highlights</Link>
          </p>
          {placedCount > 0 ? (
            <ol className="highlight-list">
              {placed.map(({ highlight, range }) =>
                range ? (
                  <HighlightEntry
                    key={highlight.id}
                    highlight={highlight}
                    onEdit={() => notes.edit(highlight.id)}
                    onRemove={() => remove(highlight)}
                  />
                ) : null,
              )}
            </ol>
          ) : null}
          {unplaced.length > 0 ? (
            <>
              <h3>Could not be placed</h3>
              <ul className="highlight-list">
                {unplaced.map(({ highlight }) => (
                  <HighlightEntry
                    key={highlight.id}
                    highlight={highlight}
                    unplaced
                    onEdit={() => notes.edit(highlight.id)}
                    onRemove={() => remove(highlight)}
                  />
                ))}
              </ul>
            </>
          ) : null}
        </aside>
      ) : null}
    </>
  );
}
