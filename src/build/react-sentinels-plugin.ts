import type { Plugin } from 'vite';

/** React DOM's client build, production flavour: the one file this plugin rewrites. */
const REACT_DOM_CLIENT = /\/react-dom\/cjs\/react-dom-client\.production\.js$/;

/**
 * The errors React DOM makes once, when its module initialises, and then only compares by
 * identity or throws to itself: they are signals inside the renderer, never a reader's error.
 */
export const SENTINELS = [
  'HydrationMismatchException',
  'SuspenseException',
  'SuspenseyCommitException',
  'SuspenseActionException',
  'SelectiveHydrationException',
] as const;

const HELPER = '__dispatchSentinelError';

/**
 * Makes an `Error` without capturing a stack. With a DevTools protocol client attached (a
 * reader's open DevTools, Lighthouse, Playwright), V8 captures a detailed stack for every error
 * made, and resolving its source positions while React DOM's module function is on the stack
 * means parsing all of React DOM again, inside the app's first task. Readers with no inspector
 * do not pay that; the figures measured with one did (see docs/perf-notes.md).
 */
const helperSource = `function ${HELPER}(message) {
  var error = Object.create(Error.prototype);
  error.message = message;
  return error;
}
`;

/**
 * Rewrites React DOM's sentinel errors, `Name = Error(formatProdErrorMessage(N))`, to be made
 * without a stack. Throws when React DOM's source no longer has every one of them in that form
 * (a React upgrade), so the build says so instead of quietly measuring the reparse again.
 */
export function rewriteSentinels(code: string): string {
  let rewritten = code;
  for (const name of SENTINELS) {
    const pattern = new RegExp(`\\b${name} = Error\\(formatProdErrorMessage\\((\\d+)\\)\\)`, 'g');
    const matches = rewritten.match(pattern) ?? [];
    if (matches.length !== 1) {
      throw new Error(
        `react-sentinels: expected React DOM to make ${name} once with Error(formatProdErrorMessage(…)), found ${matches.length}`,
      );
    }
    rewritten = rewritten.replace(pattern, `${name} = ${HELPER}(formatProdErrorMessage($1))`);
  }
  // After the code, not before: the file opens with its "use strict" directive. The helper is
  // a function declaration, hoisted.
  return `${rewritten}\n${helperSource}`;
}

/** The build's plugin: applies {@link rewriteSentinels} to React DOM's client build. */
export function reactSentinelsPlugin(): Plugin {
  return {
    name: 'dispatch:react-sentinels',
    apply: 'build',
    transform: {
      filter: { id: REACT_DOM_CLIENT },
      handler: (code) => rewriteSentinels(code),
    },
  };
}
