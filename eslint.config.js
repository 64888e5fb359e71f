import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The browser never imports Node-only code: the build, the servers, ingest. */
const NODE_ONLY = {
  group: ['**/build/*', '**/server/*', '**/ingest/*', '**/entry-server'],
  message: 'Node-only code (build, servers, ingest) is never imported by the browser.',
};

/**
 * Features and routes export plain functions; the app decides when work runs. What a feature
 * needs once the page is idle, it registers with the one after-hydration queue; it never yields.
 */
const SCHEDULING = {
  group: ['**/lib/scheduling'],
  allowImportNames: ['afterHydration'],
  message:
    'A feature registers idle work with afterHydration; only the start-up (app/) yields or starts the queue.',
};
const SLICING = {
  group: ['**/lib/slicer'],
  message: 'Only slicing that grows with the data (content/) uses the slicer.',
};

/** Routes do not import each other: what two routes share lives in content/, features/ or app/. */
const ROUTE_TO_ROUTE = {
  regex: '^\\./(?!route-error$)',
  message: 'Routes do not import each other; share through content/, features/ or app/.',
};

export default tseslint.config(
  {
    ignores: ['dist', 'dist-ssr', 'coverage', 'playwright-report', 'test-results', 'bench-results'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginQuery.configs['flat/recommended'],
  reactHooks.configs.flat.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Article text is data, never HTML.',
        },
      ],
    },
  },
  // The house's one-way imports (README, "Architecture"). Each block restates the browser's
  // rule, since a later block's `no-restricted-imports` replaces an earlier one's.
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/build/**', 'src/server/**', 'src/ingest/**', 'src/entry-server.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_ONLY] }] },
  },
  {
    files: ['src/features/**/*.{ts,tsx}', 'src/routes/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NODE_ONLY, SCHEDULING, SLICING] }] },
  },
  {
    files: ['src/routes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [NODE_ONLY, SCHEDULING, SLICING, ROUTE_TO_ROUTE] },
      ],
    },
  },
  {
    // Tests reshape JSON fixtures freely to break them on purpose.
    files: ['tests/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      // Playwright's fixtures come as the first, destructured argument.
      'no-empty-pattern': 'off',
    },
  },
);
