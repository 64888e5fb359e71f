import { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createRoutes } from '../../../src/app/routes';
import {
  firstChunk,
  LAZY_ROUTE_MODULES,
  pageChunks,
  REACT_CHUNK,
} from '../../../src/build/bootstrap-script';

function lazyRouteIds(routes: readonly RouteObject[]): string[] {
  return routes.flatMap((route) => [
    ...(route.lazy ? [route.id!] : []),
    ...lazyRouteIds(route.children ?? []),
  ]);
}

describe('the chunks a prerendered page preloads', () => {
  it('knows the module of every lazy route, and of nothing else', () => {
    const lazy = lazyRouteIds(createRoutes(new QueryClient())).sort();
    expect(lazy.length).toBeGreaterThan(0);
    expect(Object.keys(LAZY_ROUTE_MODULES).sort()).toEqual(lazy);
  });

  const manifest = {
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_app.js'] },
    '_app.js': { file: 'assets/app.js', imports: ['_runtime.js'] },
    '_runtime.js': { file: 'assets/runtime.js' },
    'src/routes/home.tsx': { file: 'assets/home.js', imports: ['_app.js', '_continue.js'] },
    '_continue.js': { file: 'assets/continue.js' },
  };

  it('are the entry’s imports, and the lazy route’s chunk with its imports, each once', () => {
    expect(pageChunks(manifest, '/')).toEqual(['/assets/app.js', '/assets/runtime.js']);
    expect(pageChunks(manifest, '/base/', ['root', 'home'])).toEqual([
      '/base/assets/app.js',
      '/base/assets/runtime.js',
      '/base/assets/home.js',
      '/base/assets/continue.js',
    ]);
  });

  it('fails the build when a lazy route has no chunk', () => {
    expect(() => pageChunks(manifest, '/', ['root', 'quotes'])).toThrow(/src\/routes\/quotes\.tsx/);
  });

  it('run React’s chunk first, by its name in the manifest, and fail the build without it', () => {
    const withReact = {
      ...manifest,
      'index.html': { ...manifest['index.html'], imports: ['_app.js', '_react.js'] },
      '_react.js': { file: 'assets/react-1.js', name: REACT_CHUNK, imports: ['_runtime.js'] },
    };
    expect(firstChunk(withReact, '/base/')).toBe('/base/assets/react-1.js');
    expect(pageChunks(withReact, '/')).toContain('/assets/react-1.js');
    expect(() => firstChunk(manifest, '/')).toThrow(/no chunk named react/);
  });
});
