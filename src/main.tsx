import { hydrate } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, matchRoutes, type HydrationState } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { asFetchedNow, STATE_ELEMENT_ID, type PrerenderState } from './app/prerender-state';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createRoutes } from './app/routes';
import './styles/global.css';
import './features/bookmarks/bookmarks.css';
import './features/offline/offline.css';
import './features/reading/reading.css';

const container = document.getElementById('root')!;
const stateElement = document.getElementById(STATE_ELEMENT_ID);
const queryClient = createQueryClient();

let hydrationData: HydrationState | undefined;
if (stateElement?.textContent) {
  const state = JSON.parse(stateElement.textContent) as PrerenderState;
  hydrate(queryClient, asFetchedNow(state.queries));
  hydrationData = state.router;
}

/**
 * Ends the current task, so the browser can paint and handle input before the next step:
 * evaluating the app, making the router and hydrating would otherwise be one long task.
 * `scheduler.yield()` keeps this work ahead of other queued tasks where the browser has it.
 */
function yieldToBrowser(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

const routes = createRoutes(queryClient);
if (hydrationData) {
  await yieldToBrowser();
  // A lazy route must be loaded before hydrating, or its first render would not match the HTML.
  const lazyMatches = matchRoutes(routes, window.location)?.filter((match) => match.route.lazy);
  await Promise.all(
    (lazyMatches ?? []).map(async ({ route }) => {
      const resolve = route.lazy as () => Promise<Partial<typeof route>>;
      Object.assign(route, { ...(await resolve()), lazy: undefined });
    }),
  );
}
const router = createBrowserRouter(routes, { hydrationData });
if (hydrationData) await yieldToBrowser();
const app = (
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>
);

// A prerendered page is hydrated in place, as a transition: React yields to the browser between
// slices, so hydration is no single long task. The app shell (routes unknown at build time)
// renders.
if (hydrationData) startTransition(() => void hydrateRoot(container, app));
else createRoot(container).render(app);

// The web app manifest is linked once the app runs, after the first paint: a link in the HTML
// would be a request ahead of the text.
const manifest = document.createElement('link');
manifest.rel = 'manifest';
manifest.href = `${import.meta.env.BASE_URL}manifest.webmanifest`;
document.head.append(manifest);
