import {
  UNSAFE_createBrowserHistory as createBrowserHistory,
  UNSAFE_createRouter as createRouter,
  UNSAFE_hydrationRouteProperties as hydrationRouteProperties,
  UNSAFE_mapRouteProperties as mapRouteProperties,
  type DataRouter,
  type HydrationState,
  type RouteObject,
} from 'react-router';

/**
 * `createBrowserRouter(routes, { hydrationData })`, but not started: React Router's own is
 * `createRouter({ …these options }).initialize()`, and this stops before `initialize()`. The app
 * calls that a task later (main.tsx): making the router (converting the routes, matching the
 * URL) and starting it (listening to history, running the first navigation's loaders) were one
 * task of 30–50 ms at 4× CPU slowdown.
 *
 * The options are React Router's, for the ones the app uses; browser-router.test.ts fails if
 * `createBrowserRouter` ever passes `createRouter` anything else, so an upgrade cannot leave
 * this behind unnoticed.
 */
export function createUnstartedBrowserRouter(
  routes: RouteObject[],
  hydrationData: HydrationState | undefined,
): DataRouter {
  return createRouter({
    history: createBrowserHistory(),
    routes,
    hydrationData,
    mapRouteProperties,
    hydrationRouteProperties,
  });
}
