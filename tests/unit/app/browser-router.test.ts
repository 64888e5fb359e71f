import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RouteObject } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUnstartedBrowserRouter } from '../../../src/app/browser-router';

const require = createRequire(import.meta.url);

/**
 * What React Router's createBrowserRouter passes to createRouter, one option per entry, read
 * from the ES module build the app bundles (the tests run its CommonJS build, transpiled).
 */
function createBrowserRouterOptions(): string[] {
  const dist = join(dirname(require.resolve('react-router/package.json')), 'dist/production');
  const source = readdirSync(dist)
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => readFileSync(join(dist, file), 'utf8'))
    .find((text) => text.includes('function createBrowserRouter('));
  const options = source
    ?.split('function createBrowserRouter(routes, opts) {')[1]
    ?.match(/^\s*return createRouter\(\{([\s\S]*?)\}\)\.initialize\(\);\s*\}/)?.[1];
  if (options === undefined) throw new Error('createBrowserRouter is no longer what it was');
  return options
    .split(/,\s*\n/)
    .map((entry) => entry.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

describe('createUnstartedBrowserRouter', () => {
  const routers: { dispose(): void }[] = [];
  afterEach(() => {
    for (const router of routers.splice(0)) router.dispose();
  });

  it('makes the router createBrowserRouter makes, for the options the app passes', () => {
    // The app passes routes and hydration data; every other option comes from `opts`, which the
    // app leaves empty, or is one of these. If React Router adds or changes one, this fails:
    // browser-router.ts must then be brought in line with it.
    expect(createBrowserRouterOptions()).toEqual([
      'basename: opts?.basename',
      'getContext: opts?.getContext',
      'future: opts?.future',
      'history: createBrowserHistory({ window: opts?.window })',
      // The fallback reads a global only React Router's framework mode sets.
      'hydrationData: opts?.hydrationData || parseHydrationData()',
      'routes',
      'mapRouteProperties',
      'hydrationRouteProperties',
      'dataStrategy: opts?.dataStrategy',
      'patchRoutesOnNavigation: opts?.patchRoutesOnNavigation',
      'window: opts?.window',
      'instrumentations: opts?.instrumentations',
    ]);
  });

  it('runs nothing until it is started, then loads the page as createBrowserRouter does', async () => {
    window.history.replaceState(null, '', '/stories/one');
    const loader = vi.fn(async () => 'loaded');
    const routes: RouteObject[] = [{ id: 'story', path: '/stories/:slug', loader }];

    const router = createUnstartedBrowserRouter(routes, undefined);
    routers.push(router);
    expect(router.state.initialized).toBe(false);
    expect(router.state.location.pathname).toBe('/stories/one');
    expect(loader).not.toHaveBeenCalled();

    router.initialize();
    await vi.waitFor(() => expect(router.state.initialized).toBe(true));
    expect(loader).toHaveBeenCalledOnce();
    expect(router.state.loaderData).toEqual({ story: 'loaded' });

    // Started, it follows navigations like any router.
    await router.navigate('/stories/two');
    expect(router.state.location.pathname).toBe('/stories/two');
    expect(loader).toHaveBeenCalledTimes(2);
  });

  it('takes a prerendered page as loaded: its loaders do not run again', () => {
    window.history.replaceState(null, '', '/stories/one');
    const loader = vi.fn(async () => 'loaded again');
    const routes: RouteObject[] = [{ id: 'story', path: '/stories/:slug', loader }];

    const router = createUnstartedBrowserRouter(routes, { loaderData: { story: 'prerendered' } });
    routers.push(router);
    router.initialize();
    expect(router.state.initialized).toBe(true);
    expect(router.state.loaderData).toEqual({ story: 'prerendered' });
    expect(loader).not.toHaveBeenCalled();
  });
});
