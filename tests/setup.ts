import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// Content validation loads on demand (a dynamic import, transformed on first use), and a
// failed fetch is retried once after a second: on a busy machine, with a file in each core,
// a `findBy…` can wait far longer than Testing Library's default second. A test that passes
// is no slower for a longer limit.
configure({ asyncUtilTimeout: 10_000 });

// jsdom has no layout: scrolling is a no-op there (ScrollRestoration calls it). Node-only
// tests (ingest) run without a DOM.
if (typeof window !== 'undefined') {
  window.scrollTo = () => {};
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}
