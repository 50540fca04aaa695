import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { LiveTail } from './live-tail';
import { LogDetail } from './log-detail';
import { filterQuery, readFilters, resolveRange, statsInterval, writeFilters, type LogFilters } from './log-filters';
import { LogHistogram } from './log-histogram';
import { LogPatterns } from './log-patterns';
import { LogResults } from './log-results';
import { LogSearchForm } from './log-search-form';

/** Search logs (filters in the URL), their volume over time, their patterns, or follow them live. */
export function LogsPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const update = (changes: Partial<LogFilters>) => setParams(writeFilters({ ...filters, ...changes }));
  // A quick pick is resolved to absolute times once per search (and on Refresh), so the
  // query keys stay stable and "load more" continues the same window.
  const [searchedAt, setSearchedAt] = useState(() => Date.now());
  const range = useMemo(() => resolveRange(filters, searchedAt), [filters.range, filters.from, filters.to, searchedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const query = filterQuery(filters);
  const stats = api.useQuery(
    'get',
    '/logs/stats',
    { params: { query: { service_id: filters.service, interval: statsInterval(range), ...range } } },
    { placeholderData: keepPreviousData },
  );

  return (
    <>
      <PageTitle title="Logs">
        <button type="button" className="button" aria-pressed={filters.live} onClick={() => update({ live: !filters.live })}>
          {filters.live ? 'Stop live tail' : 'Live tail'}
        </button>
      </PageTitle>
      <LogSearchForm
        key={params.toString()}
        filters={filters}
        onSearch={(changes) => {
          setSearchedAt(Date.now());
          update({ ...changes, log: undefined });
        }}
      />
      {filters.log && <LogDetail id={filters.log} onClose={() => update({ log: undefined })} />}
      {filters.live ? (
        <LiveTail key={new URLSearchParams(query).toString()} query={query} onOpen={(log) => update({ log })} />
      ) : (
        <>
          {stats.isPending ? (
            <Loading label="Counting logs" />
          ) : stats.error ? (
            <ErrorState error={stats.error} title="Could not count logs" />
          ) : (
            <LogHistogram stats={stats.data} onZoom={(zoom) => update({ ...zoom, log: undefined })} />
          )}
          <LogPatterns query={query} range={range} />
          <LogResults query={{ ...query, ...range }} onOpen={(log) => update({ log })} />
        </>
      )}
    </>
  );
}
