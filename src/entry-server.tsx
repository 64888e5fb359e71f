/**
 * Renders one URL to HTML for the prerender step, with the same route tree and query client
 * defaults as the browser. Runs in Node at build time only.
 */
import { defaultShouldDehydrateQuery, dehydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { undated, type PrerenderState } from './app/prerender-state';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createRoutes, routeModules } from './app/routes';
import type { PageHead } from './lib/head';
import { SITE_ORIGIN } from './lib/site';
import { HeadCollectorContext, type HeadCollector } from './lib/use-page-head';

export interface RenderedPage {
  status: number;
  html: string;
  head: PageHead;
  state: PrerenderState;
  /** The on-demand route modules the page hydrates (app/routes.tsx), whose chunks it preloads. */
  modules: string[];
}

export async function renderPage(url: string): Promise<RenderedPage> {
  const queryClient = createQueryClient();
  const handler = createStaticHandler(createRoutes(queryClient));
  const context = await handler.query(new Request(new URL(url, SITE_ORIGIN)));
  if (context instanceof Response) throw new Error(`${url} redirects; nothing to prerender`);

  const router = createStaticRouter(handler.dataRoutes, context);
  let head: PageHead | undefined;
  const collector: HeadCollector = { report: (pageHead) => (head = pageHead) };
  const html = renderToString(
    <StrictMode>
      <HeadCollectorContext value={collector}>
        <AppProviders queryClient={queryClient}>
          <StaticRouterProvider router={router} context={context} hydrate={false} />
        </AppProviders>
      </HeadCollectorContext>
    </StrictMode>,
  );
  if (!head) throw new Error(`${url} rendered no page head`);
  const state: PrerenderState = {
    // Not the queries that are about the reader's visit (the front page's check for news).
    queries: undated(
      dehydrate(queryClient, {
        shouldDehydrateQuery: (query) =>
          defaultShouldDehydrateQuery(query) && query.meta?.browserOnly !== true,
      }),
    ),
    router: {
      loaderData: context.loaderData,
      actionData: context.actionData,
      errors: context.errors,
    },
  };
  // Drops the cache's garbage-collection timers, which would keep the build process alive.
  queryClient.clear();
  const modules = routeModules(context.matches.map((match) => match.route));
  return { status: context.statusCode, html, head, state, modules };
}
