import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyReadingSettings,
  defaultReadingSettings,
  parseReadingSettings,
  READING_SETTINGS_KEY,
  readingOptions,
  readingSettingsScript,
  readingSettingsScripts,
} from '../../../src/lib/reading-settings';

const root = document.documentElement;

function readingAttributes(): Record<string, string> {
  return Object.fromEntries(
    root
      .getAttributeNames()
      .filter((name) => name.startsWith('data-reading-'))
      .map((name) => [name, root.getAttribute(name)!]),
  );
}

function clearAttributes() {
  for (const name of Object.keys(readingAttributes())) root.removeAttribute(name);
}

afterEach(() => {
  clearAttributes();
  localStorage.clear();
});

const anyStored = fc.oneof(
  fc.record(
    Object.fromEntries(
      Object.entries(readingOptions).map(([key, values]) => [
        key,
        fc.oneof(fc.constantFrom(...values), fc.string(), fc.integer()),
      ]),
    ),
    { requiredKeys: [] },
  ),
  fc.jsonValue(),
);

describe('reading settings', () => {
  it('parse damaged or unknown values as the defaults', () => {
    expect(parseReadingSettings(null)).toEqual(defaultReadingSettings);
    expect(parseReadingSettings('{not json')).toEqual(defaultReadingSettings);
    expect(parseReadingSettings('"dark"')).toEqual(defaultReadingSettings);
    expect(parseReadingSettings('{"theme":"neon","size":"5","font":1}')).toEqual({
      ...defaultReadingSettings,
      size: '5',
    });
  });

  it('set no attribute when nothing differs from the defaults', () => {
    applyReadingSettings(root, defaultReadingSettings);
    expect(readingAttributes()).toEqual({});
  });

  it('the inline head script sets exactly what the app sets, whatever is stored', () => {
    const script = new Function(readingSettingsScript());
    fc.assert(
      fc.property(anyStored, (stored) => {
        localStorage.setItem(READING_SETTINGS_KEY, JSON.stringify(stored));
        clearAttributes();
        script();
        const fromScript = readingAttributes();
        clearAttributes();
        applyReadingSettings(
          root,
          parseReadingSettings(localStorage.getItem(READING_SETTINGS_KEY)),
        );
        expect(fromScript).toEqual(readingAttributes());
      }),
    );
  });

  it('the head applies them from exactly one of its two scripts, as the browser can block', () => {
    const { renderBlocking, classic } = readingSettingsScripts();
    localStorage.setItem(READING_SETTINGS_KEY, JSON.stringify({ theme: 'dark', size: '5' }));
    const appliedBy = (script: string) => {
      clearAttributes();
      new Function(script)();
      return readingAttributes();
    };
    const applied = { 'data-reading-theme': 'dark', 'data-reading-size': '5' };
    const canBlock = 'blocking' in HTMLScriptElement.prototype;
    const blocking = Object.getOwnPropertyDescriptor(HTMLScriptElement.prototype, 'blocking');
    try {
      for (const supported of [false, true]) {
        if (supported)
          Object.defineProperty(HTMLScriptElement.prototype, 'blocking', {
            configurable: true,
            value: '',
          });
        else if (canBlock) delete (HTMLScriptElement.prototype as { blocking?: unknown }).blocking;
        expect(appliedBy(renderBlocking)).toEqual(supported ? applied : {});
        expect(appliedBy(classic)).toEqual(supported ? {} : applied);
      }
    } finally {
      delete (HTMLScriptElement.prototype as { blocking?: unknown }).blocking;
      if (blocking) Object.defineProperty(HTMLScriptElement.prototype, 'blocking', blocking);
    }
  });

  it('the inline script survives storage that throws', () => {
    const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
    try {
      expect(() => new Function(readingSettingsScript())()).not.toThrow();
      expect(readingAttributes()).toEqual({});
    } finally {
      Object.defineProperty(window, 'localStorage', original);
    }
  });
});
