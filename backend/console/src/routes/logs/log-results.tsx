import { useInfiniteQuery } from '@tanstack/react-query';
import { fetchClient } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { LogTable } from './log-table';

export const RESULTS_PAGE_SIZE = 50;

/**
 * The search's logs, newest first, one keyset page at a time: "Load more" asks for the next
 * page with the previous page's cursor, so pages stay consistent while logs keep arriving.
 */
export function LogResults({ query, onOpen }: { query: Record<string, string>; onOpen(id: string): void }) {
  const init = { params: { query: { ...query, limit: RESULTS_PAGE_SIZE } } };
  // Hand-rolled over the typed client: openapi-react-query sends the first page with cursor=0,
  // which the API rightly refuses. The key still starts with [method, path] like every query.
  const pages = useInfiniteQuery({
    queryKey: ['get', '/logs', init],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      // metadata.<key> parameters are not in the typed schema (their names are the user's).
      const search = { ...init.params.query, ...(pageParam ? { cursor: pageParam } : {}) } as { limit: number };
      const { data, error } = await fetchClient.GET('/logs', { params: { query: search }, signal });
      if (error) throw error;
      return data;
    },
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (pages.isPending) return <Loading label="Searching logs" />;
  if (pages.error) return <ErrorState error={pages.error} title="Could not search logs" onRetry={() => void pages.refetch()} />;
  const logs = pages.data.pages.flatMap((page) => page.data);
  if (logs.length === 0) return <EmptyState title="No logs match this search." />;
  return (
    <>
      <LogTable logs={logs} caption="Logs matching the search, newest first" onOpen={onOpen} />
      <div className="pager">
        <span>{logs.length} logs shown</span>
        {pages.hasNextPage ? (
          <button type="button" className="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? 'Loading more…' : 'Load more'}
          </button>
        ) : (
          <span>End of the results</span>
        )}
      </div>
    </>
  );
}
