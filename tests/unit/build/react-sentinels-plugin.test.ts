import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { rewriteSentinels, SENTINELS } from '../../../src/build/react-sentinels-plugin';

const nodeRequire = createRequire(import.meta.url);

/** Production builds of React's packages, as the browser's bundle has them. */
const PRODUCTION: Record<string, [string, string]> = {
  react: ['react', 'cjs/react.production.js'],
  'react-dom': ['react-dom', 'cjs/react-dom.production.js'],
  'react-dom/client': ['react-dom', 'cjs/react-dom-client.production.js'],
  scheduler: ['scheduler', 'cjs/scheduler.production.js'],
};

/** A file of a package that its `exports` do not name. */
function productionSource(name: string): string {
  const [pkg, file] = PRODUCTION[name]!;
  return readFileSync(join(dirname(nodeRequire.resolve(`${pkg}/package.json`)), file), 'utf8');
}

type ReactModule = typeof import('react');
type ClientModule = typeof import('react-dom/client');

/**
 * Loads the production builds, React DOM's client with its sentinels rewritten, sharing one
 * React between them (the test environment would otherwise resolve the development builds).
 */
function loadProductionReact(): { React: ReactModule; client: ClientModule } {
  const cache = new Map<string, unknown>();
  const load = (name: string): unknown => {
    if (cache.has(name)) return cache.get(name);
    if (!PRODUCTION[name]) return nodeRequire(name);
    let code = productionSource(name);
    if (name === 'react-dom/client') code = rewriteSentinels(code);
    const module = { exports: {} as unknown };
    cache.set(name, module.exports);
    new Function('module', 'exports', 'require', code)(module, module.exports, load);
    cache.set(name, module.exports);
    return module.exports;
  };
  return { React: load('react') as ReactModule, client: load('react-dom/client') as ClientModule };
}

const reactDomClientSource = () => productionSource('react-dom/client');

describe('React DOM’s sentinel errors, made without a stack', () => {
  it('rewrites each of them once and keeps the file’s strict mode', () => {
    const source = reactDomClientSource();
    const rewritten = rewriteSentinels(source);
    for (const name of SENTINELS) {
      expect(rewritten).toMatch(
        new RegExp(`\\b${name} = __dispatchSentinelError\\(formatProdErrorMessage\\(\\d+\\)\\)`),
      );
      expect(rewritten).not.toMatch(new RegExp(`\\b${name} = Error\\(`));
    }
    // Everything up to the directive is as it was, so the directive still applies.
    const directive = '"use strict";';
    expect(source).toContain(directive);
    expect(
      rewritten.startsWith(source.slice(0, source.indexOf(directive) + directive.length)),
    ).toBe(true);
  });

  it('fails the build when React DOM no longer makes one of them that way', () => {
    const source = reactDomClientSource().replace(
      /SuspenseException = Error\(/,
      'SuspenseException = new Error(',
    );
    expect(() => rewriteSentinels(source)).toThrow(/SuspenseException.*found 0/);
  });

  it('leaves React able to suspend and to recover from a hydration mismatch', async () => {
    const { React, client } = loadProductionReact();
    const h = React.createElement;

    // Suspending throws SuspenseException and catches it by identity.
    let resolveStory!: (module: { default: React.ComponentType }) => void;
    const Story = React.lazy(
      () => new Promise<{ default: React.ComponentType }>((resolve) => (resolveStory = resolve)),
    );
    const suspending = document.createElement('div');
    const root = client.createRoot(suspending);
    root.render(h(React.Suspense, { fallback: 'Loading' }, h(Story)));
    await vi.waitFor(() => expect(suspending.textContent).toBe('Loading'));
    resolveStory({ default: () => 'The story' });
    await vi.waitFor(() => expect(suspending.textContent).toBe('The story'));
    root.unmount();

    // A mismatch throws HydrationMismatchException; React renders on the client instead.
    const hydrated = document.createElement('div');
    hydrated.innerHTML = '<p>From the server</p>';
    const onRecoverableError = vi.fn();
    const hydrating = client.hydrateRoot(hydrated, h('p', null, 'From the client'), {
      onRecoverableError,
    });
    await vi.waitFor(() => expect(hydrated.textContent).toBe('From the client'));
    expect(onRecoverableError).toHaveBeenCalledTimes(1);
    hydrating.unmount();
  });
});
