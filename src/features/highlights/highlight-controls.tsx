import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { Link } from 'react-router';
import { highlightPath } from '../../lib/fragment-paths';
import { useModal } from '../../lib/use-modal';
import {
  getHighlightStore,
  HIGHLIGHT_COLOURS,
  HIGHLIGHT_LABELS,
  NOTE_MAX_LENGTH,
  type Highlight,
  type HighlightColour,
  type HighlightSnapshot,
} from './highlight-store';

/** Before the browser's storage is read (a server render, hydration): nothing known yet. */
const unknownSnapshot: HighlightSnapshot = Object.freeze({
  items: Object.freeze([]),
  persistence: 'unknown',
  corrupt: 0,
});

/** The reader's highlights, kept in step with storage and other tabs. */
export function useHighlights(): HighlightSnapshot {
  return useSyncExternalStore(
    (listener) => getHighlightStore().subscribe(listener),
    () => getHighlightStore().getSnapshot(),
    () => unknownSnapshot,
  );
}

/** A passage's first words, to tell controls apart. */
export function shortPassage(text: string): string {
  const words = text.trim().split(/\s+/);
  return words.length <= 8 ? words.join(' ') : `${words.slice(0, 8).join(' ')}…`;
}

interface HighlightEntryProps {
  highlight: Highlight;
  /** The story no longer has its words: no way to the passage, and it says so. */
  unplaced?: boolean;
  onEdit: () => void;
  onRemove: () => void;
}

/**
 * One highlight in a list: its kind (named, with its swatch), its words, its note, and what
 * can be done with it. Each control's name carries the passage's first words.
 */
export function HighlightEntry({ highlight, unplaced, onEdit, onRemove }: HighlightEntryProps) {
  const words = shortPassage(highlight.quote.exact);
  const noteAction = highlight.note ? 'Edit note' : 'Add note';
  return (
    <li className="highlight-entry" data-highlight={highlight.id}>
      <span className={`highlight-kind highlight-kind-${highlight.colour}`}>
        {HIGHLIGHT_LABELS[highlight.colour]}
      </span>
      <blockquote className="highlight-passage">{highlight.quote.exact}</blockquote>
      {highlight.note ? <p className="highlight-note">{highlight.note}</p> : null}
      {unplaced ? (
        <p className="highlight-unplaced">
          Could not be placed: the story has changed, and these words are no longer in it.
        </p>
      ) : null}
      <p className="highlight-entry-actions">
        {unplaced ? null : (
          <Link
            to={highlightPath(highlight.slug, highlight.id)}
            aria-label={`Go to the passage: ${words}`}
          >
            Go to the passage
          </Link>
        )}
        <button type="button" aria-label={`${noteAction}: ${words}`} onClick={onEdit}>
          {noteAction}
        </button>
        <button type="button" aria-label={`Remove highlight: ${words}`} onClick={onRemove}>
          Remove
        </button>
      </p>
    </li>
  );
}

interface ColourChoiceProps {
  /** The highlight's kind, when choosing for one that exists (the buttons say which is on). */
  current?: HighlightColour;
  onChoose: (colour: HighlightColour) => void;
}

/**
 * The four kinds of highlight, each a button with its name and its swatch (a colour and an
 * underline of its own: solid, dotted, double, wavy), so none is told apart by colour alone.
 * Pressing one keeps the text selection: the button does not take it on mouse down.
 */
export function ColourChoice({ current, onChoose }: ColourChoiceProps) {
  return (
    <div className="colour-choice" role="group" aria-label="Kind of highlight">
      {HIGHLIGHT_COLOURS.map((colour) => (
        <button
          key={colour}
          type="button"
          aria-pressed={current === undefined ? undefined : colour === current}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onChoose(colour)}
        >
          <span className={`highlight-swatch highlight-swatch-${colour}`} aria-hidden="true" />
          {HIGHLIGHT_LABELS[colour]}
        </button>
      ))}
    </div>
  );
}

interface NoteDialogProps {
  highlight: Highlight;
  onSave: (note: string) => void;
  onCancel: () => void;
}

/**
 * A note on a highlight, in a modal dialog (the platform's own): focus moves to the text field,
 * the page behind is inert, Escape or Cancel shuts it without saving, and focus returns to
 * where it was. An empty note removes the note.
 */
export function NoteDialog({ highlight, onSave, onCancel }: NoteDialogProps) {
  const dialog = useModal();
  const [note, setNote] = useState(highlight.note);
  const id = useId();
  return (
    <dialog
      ref={dialog}
      className="note-dialog"
      aria-labelledby={`${id}-heading`}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSave(note.trim());
        }}
      >
        <h2 id={`${id}-heading`}>{highlight.note ? 'Edit note' : 'Add a note'}</h2>
        <blockquote className="highlight-passage">{highlight.quote.exact}</blockquote>
        <label htmlFor={`${id}-note`}>Note</label>
        <textarea
          id={`${id}-note`}
          value={note}
          maxLength={NOTE_MAX_LENGTH}
          rows={5}
          onChange={(event) => setNote(event.currentTarget.value)}
        />
        <div className="note-dialog-actions">
          <button type="submit">Save note</button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

/**
 * Editing a highlight's note: `edit(id)` opens the dialog for it, `dialog` is what to render;
 * saving a change offers Undo.
 */
export function useNoteEditor(items: readonly Highlight[], undo: Undo) {
  const [noteFor, setNoteFor] = useState<string | null>(null);
  const highlight = items.find((item) => item.id === noteFor);
  async function save(edited: Highlight, note: string) {
    setNoteFor(null);
    if (note === edited.note) return;
    const store = getHighlightStore();
    const previous = await store.update(edited.id, { note });
    if (previous) undo.offer(note ? 'Note saved.' : 'Note removed.', () => store.restore(previous));
  }
  const dialog = highlight ? (
    <NoteDialog
      highlight={highlight}
      onSave={(note) => save(highlight, note)}
      onCancel={() => setNoteFor(null)}
    />
  ) : null;
  return { edit: setNoteFor, dialog };
}

interface UndoOffer {
  message: string;
  undo: () => Promise<unknown>;
  /** Focus moves to Undo (after a removal, whose control is gone). */
  focus: boolean;
  /** Each offer its own, so the same message twice is announced twice. */
  key: number;
}

export interface Undo {
  offer: (message: string, undo: () => Promise<unknown>, options?: { focus?: boolean }) => void;
  current: UndoOffer | null;
  done: string | null;
  run: () => Promise<void>;
  dismiss: () => void;
}

/** The last change, and how to take it back: one at a time, as the saved-stories page does. */
export function useUndo(): Undo {
  const [current, setCurrent] = useState<UndoOffer | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const offer = useCallback<Undo['offer']>((message, undo, options) => {
    setDone(null);
    setCurrent((previous) => ({
      message,
      undo,
      focus: options?.focus ?? false,
      key: (previous?.key ?? 0) + 1,
    }));
  }, []);
  const run = useCallback(async () => {
    if (!current) return;
    setCurrent(null);
    await current.undo();
    setDone('Undone.');
  }, [current]);
  const dismiss = useCallback(() => {
    setCurrent(null);
    setDone(null);
  }, []);
  return { offer, current, done, run, dismiss };
}

/**
 * What was just done, with Undo, floating at the foot of the window (it never moves the text).
 * A polite live region: it is always in the page, so what appears in it is announced.
 */
export function UndoNotice({ undo, extra = '' }: { undo: Undo; extra?: string }) {
  const button = useRef<HTMLButtonElement>(null);
  const dismiss = useRef<HTMLButtonElement>(null);
  const { current, done } = undo;
  useEffect(() => {
    if (current?.focus) button.current?.focus();
  }, [current]);
  // Undo takes its button away: focus stays in the notice, never lost to the page.
  useEffect(() => {
    if (done && document.activeElement === document.body) dismiss.current?.focus();
  }, [done]);
  const message = current ? current.message + extra : done;
  return (
    <div role="status" className="highlight-undo">
      {message ? <p key={current?.key}>{message}</p> : null}
      {current ? (
        <button type="button" ref={button} onClick={() => void undo.run()}>
          Undo
        </button>
      ) : null}
      {message ? (
        <button type="button" ref={dismiss} aria-label="Dismiss" onClick={undo.dismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}
