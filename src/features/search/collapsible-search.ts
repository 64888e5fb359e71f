/**
 * Below this width (CSS px) the header has no room for the field, and shows a "Search" button
 * instead: the same breakpoint as `search-field.css`, which the layout follows; the script
 * needs it only to close the field when the window widens past it.
 */
export const NARROW_HEADER_MAX_WIDTH = 480;

/** Whether the popover is open; false where the browser has no popovers (the selector throws). */
function isOpen(popover: HTMLElement): boolean {
  try {
    return popover.matches(':popover-open');
  } catch {
    return false;
  }
}

const supportsPopover = (element: HTMLElement | null): element is HTMLElement =>
  typeof element?.showPopover === 'function';

/**
 * The narrow header's search: the form is a popover that the "Search" button opens by itself
 * (`popovertarget`), so it opens in the prerendered page before the app loads, and without
 * JavaScript, and Escape or a tap elsewhere closes it. Once the app runs, this module (loaded on
 * demand as the header mounts: none of it is needed to read) adds what the platform leaves out:
 *
 * - the button opens the field from its own click, and focus moves into the field in that same
 *   click (iOS shows the keyboard only for a focus made while handling the tap);
 * - Escape returns focus to the button, whatever had focus before (the platform returns it to
 *   that, which is nothing when `/` opened it), and leaves the typed words alone (a search
 *   field's own Escape clears them);
 * - the button's `aria-expanded`, set on the element rather than rendered, so the prerendered
 *   page never says "collapsed" of a field that opened before the app loaded (the browser
 *   exposes an invoker's state itself until then), and hydration renders nothing new;
 * - a window that widens into the wide header (a phone turned sideways) closes the popover, as
 *   the wide header shows the field in its row.
 *
 * Where popovers are unsupported the stylesheet keeps the field in the row and hides the
 * button, and this does nothing. Returns what undoes it.
 */
export function enhanceCollapsibleSearch(
  popover: HTMLFormElement,
  button: HTMLButtonElement,
  input: HTMLInputElement,
): () => void {
  if (!supportsPopover(popover)) return () => {};
  const mirror = () => button.setAttribute('aria-expanded', String(isOpen(popover)));
  const wide = window.matchMedia?.(`(width >= ${NARROW_HEADER_MAX_WIDTH}px)`);
  const onWiden = () => {
    if (!wide?.matches || !isOpen(popover)) return;
    const typing = popover.contains(document.activeElement);
    popover.hidePopover();
    if (typing) input.focus();
  };
  // What `popovertarget` does, plus focus into the field as it opens.
  const onClick = (event: MouseEvent) => {
    event.preventDefault();
    if (isOpen(popover)) {
      popover.hidePopover();
    } else {
      popover.showPopover();
      input.focus();
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !isOpen(popover)) return;
    event.preventDefault();
    popover.hidePopover();
    button.focus();
  };
  mirror();
  popover.addEventListener('toggle', mirror);
  popover.addEventListener('keydown', onKeyDown);
  button.addEventListener('click', onClick);
  wide?.addEventListener('change', onWiden);
  return () => {
    popover.removeEventListener('toggle', mirror);
    popover.removeEventListener('keydown', onKeyDown);
    button.removeEventListener('click', onClick);
    wide?.removeEventListener('change', onWiden);
    button.removeAttribute('aria-expanded');
  };
}
