import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// Content validation loads on demand (a dynamic import, transformed on first use): on a busy
// machine the first `findBy…` can take longer than Testing Library's default second.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no layout: scrolling is a no-op there (ScrollRestoration calls it). Node-only
// tests (ingest) run without a DOM.
if (typeof window !== 'undefined') {
  window.scrollTo = () => {};
  Element.prototype.scrollIntoView = function scrollIntoView() {};
}
