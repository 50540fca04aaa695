import { keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { Pager } from '../../components/pager';
import { nextSort, PAGE_SIZE, periodStart, readFilters, STATUSES, writeFilters, type IncidentFilters } from './incident-filters';
import { IncidentsTable } from './incidents-table';
import { PeriodFilter } from './period-filter';
import { ServiceFilter } from './service-filter';
import { SeverityFilter } from './severity-filter';
import { StatusTabs } from './status-tabs';

/** The incidents of one status, filtered, sorted and paged from the URL; live events refresh it. */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const update = (changes: Partial<IncidentFilters>) => setParams(writeFilters({ ...filters, page: 1, ...changes }));
  const from = periodStart(filters.since);
  const query = {
    status: filters.status,
    severity: filters.severity,
    service_id: filters.service,
    from,
    sort: filters.sort,
    page: filters.page,
    limit: PAGE_SIZE,
  };
  const list = api.useQuery('get', '/incidents', { params: { query } }, { placeholderData: keepPreviousData });
  const statusLabel = STATUSES.find((s) => s.value === filters.status)!.label.toLowerCase();

  return (
    <>
      <PageTitle title="Incidents" />
      <StatusTabs filters={filters} />
      <div className="toolbar">
        <SeverityFilter filters={filters} from={from} onChange={(severity) => update({ severity })} />
        <PeriodFilter value={filters.since} onChange={(since) => update({ since })} />
        <ServiceFilter key={filters.service ?? ''} value={filters.service} onChange={(service) => update({ service })} />
      </div>
      {list.isPending ? (
        <Loading label="Loading incidents" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <EmptyState
          title={`No ${statusLabel} incidents${filters.severity || filters.service || filters.since ? ' match these filters' : ''}.`}
        >
          {filters.status === 'OPEN' && <p>New incidents appear here as soon as they are detected.</p>}
        </EmptyState>
      ) : (
        <>
          <IncidentsTable
            incidents={list.data.data}
            caption={`${STATUSES.find((s) => s.value === filters.status)!.label} incidents`}
            sort={filters.sort}
            onSort={(key) => update({ sort: nextSort(filters.sort, key) })}
          />
          <Pager
            page={filters.page}
            totalPages={list.data.meta.totalPages}
            total={list.data.meta.total}
            onPage={(page) => update({ page })}
          />
        </>
      )}
    </>
  );
}
