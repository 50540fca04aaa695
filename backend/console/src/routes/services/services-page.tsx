import { keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { ActivityRangePicker, readActivityRange } from './activity-range';
import { ServicesTable } from './services-table';

/** Every service that sends logs: when it was last heard from, its volume and errors, its open incidents. */
export function ServicesPage() {
  const [params, setParams] = useSearchParams();
  const activity = readActivityRange(params);
  const list = api.useQuery('get', '/services', { params: { query: { activity } } }, { placeholderData: keepPreviousData });
  return (
    <>
      <PageTitle title="Services" />
      <div className="toolbar">
        <ActivityRangePicker value={activity} onChange={(value) => setParams(value === '1h' ? {} : { activity: value })} />
      </div>
      {list.isPending ? (
        <Loading label="Loading services" />
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.data.length === 0 ? (
        <EmptyState title="No service has sent logs yet.">
          <p>A service appears here with its first log.</p>
        </EmptyState>
      ) : (
        <ServicesTable services={list.data.data} window={list.data.activity} />
      )}
    </>
  );
}
