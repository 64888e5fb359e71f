import { useEffect, useRef } from 'react';

/**
 * Opens a `<dialog>` as a modal (the platform's own) for as long as its component is mounted:
 * focus moves into it and the page behind is inert. When the component unmounts, the dialog
 * shuts and focus returns to the element that had it, if that element is still in the page.
 * Returns the ref for the `<dialog>`.
 */
export function useModal() {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    return () => {
      if (element.open) element.close();
      if (returnTo?.isConnected) returnTo.focus({ preventScroll: true });
    };
  }, []);
  return dialog;
}
