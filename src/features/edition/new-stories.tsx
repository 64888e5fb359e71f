import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type { Edition } from '../../content/edition';
import { articleQueries, editionQueries } from '../../content/queries';
import { useOnline } from '../offline/use-online';

/**
 * The front page keeps itself current: while it is open it asks, now and then, whether the
 * edition has new stories, and says how many; the list the reader is looking at changes only
 * when they choose to see them.
 *
 * - A check is a conditional request (`no-cache`: the server answers 304 when nothing changed).
 * - The first comes a minute after the page opens; each check that finds nothing new, or fails,
 *   doubles the wait, up to a quarter of an hour; a change starts again from a minute.
 * - No check while the tab is hidden (TanStack Query's interval skips a hidden document) or
 *   while the browser is offline (the query is not enabled, and would pause anyway).
 */
export const FIRST_CHECK_MS = 60_000;
export const LONGEST_WAIT_MS = 15 * 60_000;

export function checkInterval(quietChecks: number): number {
  return Math.min(FIRST_CHECK_MS * 2 ** quietChecks, LONGEST_WAIT_MS);
}

/**
 * The full stories on `latest`'s front page that arrived since `shown` was loaded, a new lead
 * first: the ones `shown` does not have, above the last story both lists have (a story that
 * only moved up because another was removed is not new; the list is newest first, the lead the
 * newsroom's choice). Title-only stories are titles, not arrivals.
 */
export function arrivals(shown: Edition, latest: Edition): string[] {
  const known = new Set([shown.lead.slug, ...shown.stories.map((story) => story.slug)]);
  const listed = latest.stories
    .filter((story) => story.availability === 'full')
    .map((story) => story.slug);
  let last = listed.length;
  listed.forEach((slug, index) => {
    if (known.has(slug)) last = index;
  });
  return [
    ...(known.has(latest.lead.slug) ? [] : [latest.lead.slug]),
    ...listed.filter((slug, index) => !known.has(slug) && index < last),
  ];
}

export interface NewStories {
  /** The slugs of the stories that arrived, lead first. */
  slugs: string[];
  /** Shows them: the page's list becomes the latest one. Resolves once it has. */
  reveal: () => Promise<string[]>;
}

export function useNewStories(shown: Edition): NewStories {
  const queryClient = useQueryClient();
  const online = useOnline();
  const quiet = useRef(0);
  const lastCount = useRef(0);
  const base = editionQueries.latest();
  const { data: latest } = useQuery({
    ...base,
    queryFn: async (context) => {
      try {
        const edition = await base.queryFn!(context);
        const count = arrivals(shown, edition).length;
        quiet.current = count === lastCount.current ? quiet.current + 1 : 0;
        lastCount.current = count;
        return edition;
      } catch (error) {
        quiet.current += 1;
        throw error;
      }
    },
    // What the page shows is the latest it knows: nothing to ask for until the first check.
    initialData: shown,
    staleTime: Infinity,
    enabled: online,
    refetchInterval: () => checkInterval(quiet.current),
    refetchIntervalInBackground: false,
  });
  const slugs = arrivals(shown, latest);

  const reveal = useCallback(async () => {
    // The new lead's article first, so the page never shows a loading state in its place.
    if (latest.lead.slug !== shown.lead.slug) {
      await queryClient.ensureQueryData(articleQueries.detail(latest.lead.slug));
    }
    queryClient.setQueryData(editionQueries.page(1).queryKey, latest);
    quiet.current = 0;
    lastCount.current = 0;
    return slugs;
  }, [queryClient, shown, latest, slugs]);

  return { slugs, reveal };
}

/**
 * "2 new stories", floating at the foot of the window so nothing on the page moves; a screen
 * reader hears it once, politely. The region is always there, empty until there is news, so
 * that what appears in it is announced.
 */
export function NewStoriesNotice({ count, onShow }: { count: number; onShow: () => void }) {
  return (
    <div role="status" className="notice-toast new-stories-notice">
      {count > 0 ? (
        <>
          <p>{count === 1 ? '1 new story' : `${count} new stories`}</p>
          <button type="button" onClick={onShow}>
            Show {count === 1 ? 'it' : 'them'}
          </button>
        </>
      ) : null}
    </div>
  );
}
