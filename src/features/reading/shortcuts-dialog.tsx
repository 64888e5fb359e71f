import { useModal } from '../../lib/use-modal';

const SHORTCUTS = [
  ['j', 'Next section'],
  ['k', 'Previous section'],
  ['s', 'Save or unsave this story'],
  ['h', 'Highlight the selected text (select it with Shift and the arrow keys)'],
  ['/', 'Search'],
  ['?', 'Show these shortcuts'],
] as const;

/**
 * A modal dialog (the platform's own): focus moves into it, the page behind is inert, Escape
 * or Close shuts it, and focus returns to where it was.
 */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const dialog = useModal();
  return (
    <dialog
      ref={dialog}
      className="shortcuts-dialog"
      aria-labelledby="shortcuts-heading"
      onClose={onClose}
    >
      <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
      <p>Articles and pages answer these keys, except while you type in a field.</p>
      <dl>
        {SHORTCUTS.map(([key, action]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </dialog>
  );
}
