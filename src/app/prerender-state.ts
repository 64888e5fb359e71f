import type { DehydratedState } from '@tanstack/react-query';
import type { HydrationState } from 'react-router';

/** The id of the non-executable JSON script that carries a prerendered page's data. */
export const STATE_ELEMENT_ID = 'dispatch-state';

/** What a prerendered page embeds so the client can hydrate without fetching again. */
export interface PrerenderState {
  queries: DehydratedState;
  router: HydrationState;
}

/**
 * The embedded data is as fresh as the HTML that carried it (the page was just fetched and
 * revalidated), so it counts as fetched now, not at build time. Otherwise every hydrated query
 * would be stale at once and React Query would refetch the JSON the page was built from.
 */
export function asFetchedNow(state: DehydratedState, now = Date.now()): DehydratedState {
  return {
    ...state,
    queries: state.queries.map((query) => ({
      ...query,
      state: { ...query.state, dataUpdatedAt: now },
    })),
  };
}

/**
 * The data as a prerendered page embeds it: with no time in it, so the same content always
 * makes the same page, byte for byte, and an incremental build's pages equal a full build's.
 * The browser dates it as it arrives (asFetchedNow).
 */
export function undated(state: DehydratedState): DehydratedState {
  return {
    ...state,
    queries: state.queries.map((query) => ({
      ...query,
      dehydratedAt: 0,
      state: { ...query.state, dataUpdatedAt: 0 },
    })),
  };
}
