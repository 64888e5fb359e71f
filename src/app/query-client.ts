import { QueryClient } from '@tanstack/react-query';
import { isRetryable } from '../content/errors';

/**
 * Query defaults, chosen for published articles:
 * - staleTime 5 min: articles change rarely; within that window navigation reuses the cache
 *   with no request, and after it React Query refetches in the background while showing data.
 * - gcTime 30 min: back-navigation to a story read earlier in the visit is instant.
 * - retry once, and only for network failures: a 404 or an invalid document will not fix
 *   itself, and the reader should see that message at once.
 * - refetchOnWindowFocus off: a reader switching tabs mid-article should not trigger requests.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5 * 60 * 1000,
        gcTime: 30 * 60 * 1000,
        retry: (failureCount, error) => isRetryable(error) && failureCount < 1,
        refetchOnWindowFocus: false,
      },
    },
  });
}
