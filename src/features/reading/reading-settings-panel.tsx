import { useId, useState } from 'react';
import { siteHeaderBottom } from '../../lib/site-header';
import {
  applyReadingSettings,
  defaultReadingSettings,
  parseReadingSettings,
  READING_SETTINGS_KEY,
  readingOptions,
  type ReadingSettings,
} from '../../lib/reading-settings';

const labels: { [K in keyof ReadingSettings]: { legend: string; choices: string[] } } = {
  size: { legend: 'Text size', choices: ['Smallest', 'Smaller', 'Standard', 'Larger', 'Largest'] },
  theme: { legend: 'Theme', choices: ['Match system', 'Light', 'Sepia', 'Dark'] },
  font: { legend: 'Typeface', choices: ['Serif', 'Sans serif'] },
  spacing: { legend: 'Line spacing', choices: ['Normal', 'Roomy'] },
};

function readStored(): string | null {
  try {
    return localStorage.getItem(READING_SETTINGS_KEY);
  } catch {
    return null;
  }
}

/** Keeps the settings; false if the browser refuses (they still apply to this page). */
function store(settings: ReadingSettings): boolean {
  try {
    const isDefault = (Object.keys(settings) as (keyof ReadingSettings)[]).every(
      (key) => settings[key] === defaultReadingSettings[key],
    );
    if (isDefault) localStorage.removeItem(READING_SETTINGS_KEY);
    else localStorage.setItem(READING_SETTINGS_KEY, JSON.stringify(settings));
    return true;
  } catch {
    return false;
  }
}

/** The first paragraph of a story below the header, if the page has one. */
function paragraphAtTop(): HTMLElement | undefined {
  const headerBottom = siteHeaderBottom();
  return [...document.querySelectorAll<HTMLElement>('[data-anchor]')].find(
    (paragraph) => paragraph.getBoundingClientRect().bottom > headerBottom,
  );
}

/**
 * The reading settings: four groups of radio buttons (native, so arrow keys move within a
 * group). Every choice applies at once, to every page, and is kept in this browser.
 */
export function ReadingSettingsPanel({ id, onDone }: { id: string; onDone: () => void }) {
  const [settings, setSettings] = useState(() => parseReadingSettings(readStored()));
  const [kept, setKept] = useState(true);
  const headingId = useId();

  function choose<K extends keyof ReadingSettings>(key: K, value: ReadingSettings[K]) {
    const next = { ...settings, [key]: value };
    setSettings(next);
    // The paragraph being read stays where it is while the text around it reflows.
    const reading = paragraphAtTop();
    const before = reading?.getBoundingClientRect().top;
    applyReadingSettings(document.documentElement, next);
    if (reading && before !== undefined) {
      window.scrollBy(0, reading.getBoundingClientRect().top - before);
    }
    setKept(store(next));
  }

  return (
    <section id={id} className="reading-settings-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Reading settings</h2>
      {(Object.keys(readingOptions) as (keyof ReadingSettings)[]).map((key) => (
        <fieldset key={key}>
          <legend>{labels[key].legend}</legend>
          <div className="choices">
            {readingOptions[key].map((value, index) => (
              <label key={value}>
                <input
                  type="radio"
                  name={`${id}-${key}`}
                  value={value}
                  checked={settings[key] === value}
                  onChange={() => choose(key, value)}
                />
                {labels[key].choices[index]}
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {kept ? null : (
        <p className="reading-settings-note" role="status">
          Your browser is not letting Dispatch keep these settings, so they apply to this page only.
        </p>
      )}
      <button type="button" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
