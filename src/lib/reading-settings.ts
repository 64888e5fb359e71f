/**
 * The reader's reading settings: text size, theme, typeface, line spacing. Kept in
 * localStorage and applied as attributes on `<html>`, which the stylesheet reads. A small
 * inline script in every page's head applies them before the first paint (one of two copies,
 * as the browser can hold its paint for a script: `readingSettingsScripts`); the defaults are
 * the stylesheet's own, so with nothing set nothing is applied.
 */
export const READING_SETTINGS_KEY = 'dispatch:reading-settings';

export const readingOptions = {
  size: ['1', '2', '3', '4', '5'],
  theme: ['system', 'light', 'sepia', 'dark'],
  font: ['serif', 'sans'],
  spacing: ['normal', 'roomy'],
} as const;

type Options = typeof readingOptions;
export type ReadingSettings = { [K in keyof Options]: Options[K][number] };

export const defaultReadingSettings: ReadingSettings = {
  size: '3',
  theme: 'system',
  font: 'serif',
  spacing: 'normal',
};

/** Whatever was stored, made valid: unknown or damaged values fall back to the default. */
export function parseReadingSettings(raw: string | null): ReadingSettings {
  let stored: Record<string, unknown> = {};
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    if (value && typeof value === 'object') stored = value as Record<string, unknown>;
  } catch {
    // Damaged: the defaults.
  }
  const settings = { ...defaultReadingSettings };
  for (const key of Object.keys(readingOptions) as (keyof Options)[]) {
    const value = stored[key];
    if ((readingOptions[key] as readonly unknown[]).includes(value)) {
      (settings as Record<string, unknown>)[key] = value;
    }
  }
  return settings;
}

/** `data-reading-size="4"` and so on; a default value is no attribute at all. */
export function applyReadingSettings(root: HTMLElement, settings: ReadingSettings): void {
  for (const key of Object.keys(readingOptions) as (keyof Options)[]) {
    const attribute = `data-reading-${key}`;
    if (settings[key] === defaultReadingSettings[key]) root.removeAttribute(attribute);
    else root.setAttribute(attribute, settings[key]);
  }
}

/**
 * The inline head script: the same rule as `applyReadingSettings`, written small. It only sets
 * attributes from the allowed values, so stored data can never inject anything. `guard` is a
 * JavaScript expression: the script applies the settings only where it is true.
 */
export function readingSettingsScript(guard = 'true'): string {
  return `(function(){if(!(${guard}))return;try{var s=JSON.parse(localStorage.getItem(${JSON.stringify(READING_SETTINGS_KEY)}));if(!s)return;var o=${JSON.stringify(readingOptions)},d=${JSON.stringify(defaultReadingSettings)},r=document.documentElement;for(var k in o)if(o[k].indexOf(s[k])>=0&&s[k]!==d[k])r.setAttribute('data-reading-'+k,s[k])}catch(e){}})();`;
}

/** True where a script can hold the first paint until it has run (`blocking="render"`). */
const RENDER_BLOCKING_SCRIPTS = `'blocking'in HTMLScriptElement.prototype`;

/**
 * The head's two copies of the script; exactly one of them applies the settings. A page's first
 * read of localStorage waits for the browser process to hand the storage over (10–60 ms at 4×
 * CPU slowdown on a busy machine), and in a classic script that wait is part of the document's
 * first parsing task. Where the browser can hold its first paint for a script (Chromium,
 * Safari 18.2), `renderBlocking` applies them from an async inline module with
 * `blocking="render"`: a task of its own, still before the first paint. Elsewhere (Firefox)
 * `classic` applies them as the parser reaches it.
 */
export function readingSettingsScripts(): { renderBlocking: string; classic: string } {
  return {
    renderBlocking: readingSettingsScript(RENDER_BLOCKING_SCRIPTS),
    classic: readingSettingsScript(`!(${RENDER_BLOCKING_SCRIPTS})`),
  };
}
