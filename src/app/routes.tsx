import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import * as articleRoute from '../routes/article';
import { paths } from '../lib/paths';
import { LoadingPage, NotFoundPage, RootErrorBoundary } from './error-pages';
import { RootLayout } from './root-layout';

/**
 * What a route declares for the build. `module` is the file of a route that loads on demand, as
 * the Vite manifest names it: a prerendered page preloads that chunk with the app
 * (build/bootstrap-script.ts), and the build compiles it eagerly (build/chunks.ts). A unit test
 * holds each one to the module its `lazy` imports.
 */
export interface RouteHandle {
  module?: string;
}

/**
 * A route whose code loads on demand: its module's file, for the build, and its import. The
 * import must stay a literal `import()` here, for the bundler to make the chunk.
 */
function onDemand<Module>(
  module: string,
  load: () => Promise<Module>,
  properties: (
    route: Module,
  ) => Pick<RouteObject, 'loader' | 'shouldRevalidate' | 'Component' | 'ErrorBoundary'>,
): Pick<RouteObject, 'handle' | 'lazy'> {
  const handle: RouteHandle = { module };
  return { handle, lazy: async () => properties(await load()) };
}

/**
 * The one route tree. The browser, the tests and the prerender step all build their router
 * from it, each with its own QueryClient.
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  const home = onDemand(
    'src/routes/home.tsx',
    () => import('../routes/home'),
    (route) => ({
      loader: route.loader(queryClient),
      Component: route.Component,
      ErrorBoundary: route.ErrorBoundary,
    }),
  );
  return [
    {
      id: 'root',
      Component: RootLayout,
      ErrorBoundary: RootErrorBoundary,
      HydrateFallback: LoadingPage,
      children: [
        { id: 'home', index: true, ...home },
        { id: 'edition-page', path: paths.editionPage.pattern, ...home },
        {
          id: 'article',
          path: paths.article.pattern,
          loader: articleRoute.loader(queryClient),
          Component: articleRoute.Component,
          ErrorBoundary: articleRoute.ErrorBoundary,
        },
        {
          id: 'article-section',
          path: paths.sectionShare.pattern,
          loader: articleRoute.sectionLoader(queryClient),
          Component: articleRoute.SectionComponent,
          ErrorBoundary: articleRoute.SectionErrorBoundary,
        },
        {
          id: 'quotes',
          path: paths.quotes.pattern,
          ...onDemand(
            'src/routes/quotes.tsx',
            () => import('../routes/quotes'),
            (route) => ({
              loader: route.galleryLoader(queryClient),
              shouldRevalidate: route.galleryShouldRevalidate,
              Component: route.GalleryComponent,
              ErrorBoundary: route.GalleryErrorBoundary,
            }),
          ),
        },
        {
          id: 'quote',
          path: paths.quote.pattern,
          ...onDemand(
            'src/routes/quotes.tsx',
            () => import('../routes/quotes'),
            (route) => ({
              loader: route.quoteLoader(queryClient),
              Component: route.QuoteComponent,
              ErrorBoundary: route.QuoteErrorBoundary,
            }),
          ),
        },
        {
          id: 'search',
          path: paths.search.pattern,
          ...onDemand(
            'src/routes/search.tsx',
            () => import('../routes/search'),
            (route) => ({
              loader: route.loader(queryClient),
              Component: route.Component,
              ErrorBoundary: route.ErrorBoundary,
            }),
          ),
        },
        {
          id: 'saved',
          path: paths.saved.pattern,
          ...onDemand(
            'src/routes/saved.tsx',
            () => import('../routes/saved'),
            (route) => ({ Component: route.Component }),
          ),
        },
        {
          id: 'highlights',
          path: paths.highlights.pattern,
          ...onDemand(
            'src/routes/highlights.tsx',
            () => import('../routes/highlights'),
            (route) => ({ Component: route.Component }),
          ),
        },
        { id: 'not-found', path: '*', Component: NotFoundPage },
      ],
    },
  ];
}

/** The on-demand modules a set of matched routes needs, each once, outermost first. */
export function routeModules(routes: readonly Pick<RouteObject, 'handle'>[]): string[] {
  const modules = routes.map((route) => (route.handle as RouteHandle | undefined)?.module);
  return [...new Set(modules.filter((module) => module !== undefined))];
}
