import * as client from 'react-dom/client';

/**
 * React DOM's client. This is the plain version, for the dev server and types: the production
 * build aliases this module to `react-dom-client.cjs`, which initialises React DOM on the first
 * call instead of with every other module of the first-load chunk (see vite.config.ts).
 */
export function loadReactDomClient(): typeof client {
  return client;
}
