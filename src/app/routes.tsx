import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import * as articleRoute from '../routes/article';
import * as homeRoute from '../routes/home';
import { paths } from '../lib/paths';
import { LoadingPage, NotFoundPage, RootErrorBoundary } from './error-pages';
import { RootLayout } from './root-layout';

/**
 * The one route tree. The browser, the tests and the prerender step all build their router
 * from it, each with its own QueryClient.
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  return [
    {
      id: 'root',
      Component: RootLayout,
      ErrorBoundary: RootErrorBoundary,
      HydrateFallback: LoadingPage,
      children: [
        {
          id: 'home',
          index: true,
          loader: homeRoute.loader(queryClient),
          Component: homeRoute.Component,
          ErrorBoundary: homeRoute.ErrorBoundary,
        },
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
          lazy: async () => {
            const route = await import('../routes/quotes');
            return {
              loader: route.galleryLoader(queryClient),
              Component: route.GalleryComponent,
              ErrorBoundary: route.GalleryErrorBoundary,
            };
          },
        },
        {
          id: 'quote',
          path: paths.quote.pattern,
          lazy: async () => {
            const route = await import('../routes/quotes');
            return {
              loader: route.quoteLoader(queryClient),
              Component: route.QuoteComponent,
              ErrorBoundary: route.QuoteErrorBoundary,
            };
          },
        },
        { id: 'not-found', path: '*', Component: NotFoundPage },
      ],
    },
  ];
}
