import type { QueryClient } from '@tanstack/react-query';
import type { RouteObject } from 'react-router';
import * as articleRoute from '../routes/article';
import { paths } from '../lib/paths';
import { LoadingPage, NotFoundPage, RootErrorBoundary } from './error-pages';
import { RootLayout } from './root-layout';

/**
 * The one route tree. The browser, the tests and the prerender step all build their router
 * from it, each with its own QueryClient.
 */
export function createRoutes(queryClient: QueryClient): RouteObject[] {
  const homeRoute = async () => {
    const route = await import('../routes/home');
    return {
      loader: route.loader(queryClient),
      Component: route.Component,
      ErrorBoundary: route.ErrorBoundary,
    };
  };
  return [
    {
      id: 'root',
      Component: RootLayout,
      ErrorBoundary: RootErrorBoundary,
      HydrateFallback: LoadingPage,
      children: [
        { id: 'home', index: true, lazy: homeRoute },
        { id: 'edition-page', path: paths.editionPage.pattern, lazy: homeRoute },
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
              shouldRevalidate: route.galleryShouldRevalidate,
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
        {
          id: 'search',
          path: paths.search.pattern,
          lazy: async () => {
            const route = await import('../routes/search');
            return {
              loader: route.loader(queryClient),
              Component: route.Component,
              ErrorBoundary: route.ErrorBoundary,
            };
          },
        },
        {
          id: 'saved',
          path: paths.saved.pattern,
          lazy: async () => {
            const route = await import('../routes/saved');
            return { Component: route.Component };
          },
        },
        { id: 'not-found', path: '*', Component: NotFoundPage },
      ],
    },
  ];
}
