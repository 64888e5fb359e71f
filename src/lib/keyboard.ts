/**
 * Whether a key press is the reader's shortcut rather than typing: no Ctrl, Alt or Meta held
 * (Shift is part of `?`), and not in a field, an editable element or an open dialog's control.
 */
export function isShortcut(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return false;
  const target = event.target;
  return !(
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}
