'use strict';

/*
 * The production build's `react-dom-client.ts` (vite.config.ts aliases it here). React DOM loads
 * with the first load either way; but an ES module import of it (a CommonJS package) runs its
 * initialisation while every module of the first load evaluates, in one task. Required from inside
 * a function, it initialises when `main.tsx` first calls this, after a yield: a task of its own.
 */
let client;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require run on call is the point
exports.loadReactDomClient = () => (client ??= require('react-dom/client'));
