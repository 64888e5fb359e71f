import { hydrate } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { createBrowserRouter, type HydrationState } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import { asFetchedNow, STATE_ELEMENT_ID, type PrerenderState } from './app/prerender-state';
import { AppProviders } from './app/providers';
import { createQueryClient } from './app/query-client';
import { createRoutes } from './app/routes';
import './styles/global.css';

const container = document.getElementById('root')!;
const stateElement = document.getElementById(STATE_ELEMENT_ID);
const queryClient = createQueryClient();

let hydrationData: HydrationState | undefined;
if (stateElement?.textContent) {
  const state = JSON.parse(stateElement.textContent) as PrerenderState;
  hydrate(queryClient, asFetchedNow(state.queries));
  hydrationData = state.router;
}

const router = createBrowserRouter(createRoutes(queryClient), { hydrationData });
const app = (
  <StrictMode>
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  </StrictMode>
);

// A prerendered page is hydrated in place; the app shell (routes unknown at build time) renders.
if (hydrationData) hydrateRoot(container, app);
else createRoot(container).render(app);
