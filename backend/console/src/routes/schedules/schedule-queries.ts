import type { QueryClient } from '@tanstack/react-query';

/** After any schedule change: every /schedules* and /calendar-feeds* query may be stale. */
export function invalidateSchedules(queryClient: QueryClient) {
  return queryClient.invalidateQueries({
    predicate: (query) => ['/schedules', '/calendar-feeds'].some((path) => String(query.queryKey[1]).startsWith(path)),
  });
}
