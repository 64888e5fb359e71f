import { hydrate } from '@tanstack/react-query';
import { startTransition, StrictMode } from 'react';
import { matchRoutes, type HydrationState } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { asFetchedNow, STATE_ELEMENT_ID, type PrerenderState } from './app/prerender-state';
import { createUnstartedBrowserRouter } from './app/browser-router';
import { AppProviders } from './app/providers';
import { loadReactDomClient } from './app/react-dom-client';
import { createQueryClient } from './app/query-client';
import { createRoutes } from './app/routes';
import { yieldToBrowser } from './lib/yield';
import './styles/global.css';
import './features/article/article-body.css';
import './features/bookmarks/bookmarks.css';
import './features/offline/offline.css';
import './features/reading/reading.css';

const container = document.getElementById('root')!;
// Evaluating the app's modules, reading the prerendered state, initialising React DOM, loading
// the page's route, making the router, starting it (which starts the shell's loaders) and
// rendering would otherwise be one long task: each is a task of its own.
await yieldToBrowser();
// React Router reads session storage as it starts. A page's first read of it waits for the
// browser process to hand the storage over (1–25 ms at 4× CPU slowdown on a busy machine);
// here that wait is a task of its own, not part of making the router.
try {
  void sessionStorage.length;
} catch {
  // Storage blocked: React Router does without it, and so does everything else.
}
await yieldToBrowser();
// React Router numbers the page's history entry as it starts, with a replaceState (a call into
// the browser process). Numbered here as it would number it, that too is a task of its own.
if (window.history.state?.idx == null) {
  window.history.replaceState({ ...window.history.state, idx: 0 }, '');
}
await yieldToBrowser();
const stateElement = document.getElementById(STATE_ELEMENT_ID);
const queryClient = createQueryClient();

let hydrationData: HydrationState | undefined;
if (stateElement?.textContent) {
  const state = JSON.parse(stateElement.textContent) as PrerenderState;
  hydrate(queryClient, asFetchedNow(state.queries));
  hydrationData = state.router;
}

await yieldToBrowser();
const routes = createRoutes(queryClient);
await yieldToBrowser();
const { createRoot, hydrateRoot } = loadReactDomClient();
await yieldToBrowser();
// The page's lazy route is loaded before the router starts. A prerendered page needs it, or its
// first render would not match the HTML; the shell loads it the same way, so that starting the
// router is not also loading a module. If it fails to load, the shell leaves it lazy: the router
// tries again and shows the route's error. A prerendered page is left as printed, still to read.
const lazyRoutes = (matchRoutes(routes, window.location) ?? [])
  .map((match) => match.route)
  .filter((route) => route.lazy);
await yieldToBrowser();
await Promise.all(
  lazyRoutes.map(async (route) => {
    const resolve = route.lazy as () => Promise<Partial<typeof route>>;
    try {
      Object.assign(route, { ...(await resolve()), lazy: undefined });
    } catch (error) {
      if (hydrationData) throw error;
    }
  }),
);
await yieldToBrowser();
const router = createUnstartedBrowserRouter(routes, hydrationData);
await yieldToBrowser();
router.initialize();
await yieldToBrowser();
const app = (
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>
);

// A prerendered page is hydrated in place; the app shell (routes unknown at build time) renders.
// Either way as a transition: React yields to the browser between slices, so neither is a
// single long task.
startTransition(() => {
  if (hydrationData) hydrateRoot(container, app);
  else createRoot(container).render(app);
});

// The web app manifest is linked once the app runs, after the first paint: a link in the HTML
// would be a request ahead of the text. In a task of its own, after the root's.
await yieldToBrowser();
const manifest = document.createElement('link');
manifest.rel = 'manifest';
manifest.href = `${import.meta.env.BASE_URL}manifest.webmanifest`;
document.head.append(manifest);
