import { lazy, Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';

// The panel's code loads when it is first opened (or once the app is idle).
const ReadingSettingsPanel = lazy(() =>
  import('./reading-settings-panel').then((module) => ({ default: module.ReadingSettingsPanel })),
);

/**
 * The header's "Reading settings" button and its panel: a disclosure, not a modal. A screen
 * reader hears "Reading settings, button, collapsed"; opened, the panel follows the button in
 * the tab order. Escape closes it from anywhere inside and returns focus to the button, as does
 * its Done button; a click elsewhere closes it and leaves focus where the click put it.
 */
export function ReadingSettingsControl() {
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) toggle.current?.focus();
  }, []);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') close(true);
    };
    const onPointer = (event: PointerEvent) => {
      if (!container.current?.contains(event.target as Node)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open, close]);

  return (
    <div className="reading-settings needs-js" ref={container}>
      <button
        ref={toggle}
        type="button"
        className="reading-settings-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">Aa</span>
        <span className="visually-hidden">Reading settings</span>
      </button>
      {open ? (
        <Suspense fallback={null}>
          <ReadingSettingsPanel id={panelId} onDone={() => close(true)} />
        </Suspense>
      ) : null}
    </div>
  );
}
