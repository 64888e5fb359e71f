import { hydrate } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type HydrationState } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { afterHydration, yieldToBrowser } from '../lib/scheduling';
import { asFetchedNow, STATE_ELEMENT_ID, type PrerenderState } from './prerender-state';
import { AppProviders } from './providers';
import { createQueryClient } from './query-client';
import { createRoutes } from './routes';

/**
 * Begins a named step of the start-up: ends the task the previous step ran in, so the browser can
 * paint and handle input in between, and marks the step for traces and the bench
 * (`dispatch:start-up:<name>` in the Performance panel).
 */
async function step(name: string): Promise<void> {
  await yieldToBrowser();
  performance.mark(`dispatch:start-up:${name}`);
}

/**
 * How the app starts in the browser: a few steps, each a task of its own, none of them long.
 *
 * 1. `state`: the prerendered page's React Query cache and router data, marked fresh (the HTML
 *    was just fetched, so nothing is refetched).
 * 2. `routes`: the route tree, and the on-demand routes this URL matches, loaded before the
 *    router starts: a prerendered page's first render must match its HTML, and the app shell
 *    loads them the same way. If one fails to load, the shell leaves it to the router, which
 *    tries again and shows the route's error; a prerendered page stays as printed, still to read.
 * 3. `router`: React Router's browser router, made and started.
 * 4. `render`: a prerendered page is hydrated in place; the app shell (routes unknown at build
 *    time) renders. Either way as a transition, which React slices, yielding between slices.
 *
 * Then, once hydrated and idle, one task at a time (lib/scheduling.ts's queue): what nothing on
 * the page needs to be read.
 */
export async function startUp(container: HTMLElement): Promise<void> {
  await step('state');
  const queryClient = createQueryClient();
  const stateElement = document.getElementById(STATE_ELEMENT_ID);
  let hydrationData: HydrationState | undefined;
  if (stateElement?.textContent) {
    const state = JSON.parse(stateElement.textContent) as PrerenderState;
    hydrate(queryClient, asFetchedNow(state.queries));
    hydrationData = state.router;
  }

  await step('routes');
  const routes = createRoutes(queryClient);
  const matched = (matchRoutes(routes, window.location) ?? []).map((match) => match.route);
  await Promise.all(
    matched
      .filter((route) => route.lazy)
      .map(async (route) => {
        const load = route.lazy as () => Promise<Partial<typeof route>>;
        try {
          Object.assign(route, { ...(await load()), lazy: undefined });
        } catch (error) {
          if (hydrationData) throw error;
        }
      }),
  );

  await step('router');
  const router = createBrowserRouter(routes, { hydrationData });

  await step('render');
  const app = (
    <StrictMode>
      <AppProviders queryClient={queryClient}>
        <RouterProvider router={router} />
      </AppProviders>
    </StrictMode>
  );
  startTransition(() => {
    if (hydrationData) hydrateRoot(container, app);
    else createRoot(container).render(app);
  });

  queueAfterHydration();
}

/**
 * What waits for the app to have hydrated and the browser to be idle, in this order: nothing of
 * it is needed to read the page. (The root layout queues the offline notices, which it renders.)
 */
function queueAfterHydration(): void {
  // The web app manifest is linked once the app runs: a link in the HTML would be a request
  // ahead of the text.
  afterHydration(() => {
    const manifest = document.createElement('link');
    manifest.rel = 'manifest';
    manifest.href = `${import.meta.env.BASE_URL}manifest.webmanifest`;
    document.head.append(manifest);
  });
  // Content validation loads apart from the page (its data was checked at build time); fetched
  // now, the first client navigation does not wait for it.
  afterHydration(() => import('../content/validate'));
  // The reading settings' panel opens at once when its button is first pressed.
  afterHydration(() => import('../features/reading/reading-settings-panel'));
  // Offline reading: the service worker, saved stories' copies.
  if (import.meta.env.PROD) {
    afterHydration(() => import('./offline-sync').then((module) => module.startOfflineSync()));
  }
}
