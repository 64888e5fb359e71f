// @vitest-environment node
import { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createRoutes, routeModules, type RouteHandle } from '../../../src/app/routes';
import { firstChunk, pageChunks } from '../../../src/build/bootstrap-script';

function flatten(routes: readonly RouteObject[]): RouteObject[] {
  return routes.flatMap((route) => [route, ...flatten(route.children ?? [])]);
}

describe('the route table’s on-demand modules', () => {
  const routes = flatten(createRoutes(new QueryClient()));

  it('name, for every lazy route, the very module its import loads', async () => {
    const lazy = routes.filter((route) => route.lazy);
    expect(lazy.length).toBeGreaterThan(0);
    for (const route of lazy) {
      const module = (route.handle as RouteHandle | undefined)?.module;
      expect(module, `route ${route.id}`).toMatch(/^src\/routes\/[\w-]+\.tsx$/);
      const exports = (await import(/* @vite-ignore */ `../../../${module}`)) as Record<
        string,
        unknown
      >;
      const resolved = await (route.lazy as () => Promise<Pick<RouteObject, 'Component'>>)();
      expect(Object.values(exports), `route ${route.id}`).toContain(resolved.Component);
    }
  });

  it('are listed once each, and only for routes that load on demand', () => {
    expect(routeModules(routes)).toEqual([
      'src/routes/home.tsx',
      'src/routes/quotes.tsx',
      'src/routes/search.tsx',
      'src/routes/saved.tsx',
      'src/routes/highlights.tsx',
    ]);
    expect(routeModules(routes.filter((route) => !route.lazy))).toEqual([]);
  });
});

describe('the chunks a prerendered page preloads', () => {
  const manifest = {
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_app.js'] },
    '_app.js': { file: 'assets/app.js', imports: ['_runtime.js'] },
    '_runtime.js': { file: 'assets/runtime.js' },
    'src/routes/home.tsx': { file: 'assets/home.js', imports: ['_app.js', '_continue.js'] },
    '_continue.js': { file: 'assets/continue.js' },
  };

  it('are the entry’s imports, and the route module’s chunk with its imports, each once', () => {
    expect(pageChunks(manifest, '/')).toEqual(['/assets/app.js', '/assets/runtime.js']);
    expect(pageChunks(manifest, '/base/', ['src/routes/home.tsx'])).toEqual([
      '/base/assets/app.js',
      '/base/assets/runtime.js',
      '/base/assets/home.js',
      '/base/assets/continue.js',
    ]);
  });

  it('fail the build when a route module has no chunk', () => {
    expect(() => pageChunks(manifest, '/', ['src/routes/quotes.tsx'])).toThrow(
      /src\/routes\/quotes\.tsx/,
    );
  });
});

describe('the chunk a prerendered page evaluates before the entry', () => {
  it('is the one the build names react, under the site’s base', () => {
    const manifest = {
      'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_app.js', '_react.js'] },
      '_app.js': { file: 'assets/app-1.js', name: 'app' },
      '_react.js': { file: 'assets/react-2.js', name: 'react' },
    };
    expect(firstChunk(manifest, '/base/')).toBe('/base/assets/react-2.js');
  });

  it('fails the build when no chunk is named react', () => {
    expect(() => firstChunk({ 'index.html': { file: 'assets/index.js' } }, '/')).toThrow(
      /no chunk named react/,
    );
  });
});
