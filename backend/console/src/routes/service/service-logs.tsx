import { Link } from 'react-router';
import { api } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { LogTable } from '../logs/log-table';

const SHOWN = 20;

/** The service's newest logs; the full search (filters, histogram, live tail) is one link away. */
export function ServiceLogs({ serviceId, logsLink, onOpen }: { serviceId: string; logsLink: string; onOpen(id: string): void }) {
  const logs = api.useQuery('get', '/logs', { params: { query: { service_id: serviceId, limit: SHOWN } } });
  return (
    <section aria-labelledby="service-logs-title">
      <h2 id="service-logs-title">Newest logs</h2>
      {logs.isPending ? (
        <Loading label="Loading logs" />
      ) : logs.error ? (
        <ErrorState error={logs.error} title="Could not load logs" />
      ) : logs.data.data.length === 0 ? (
        <EmptyState title="No logs kept for this service." />
      ) : (
        <LogTable logs={logs.data.data} caption={`Newest logs of ${serviceId}`} onOpen={onOpen} />
      )}
      <p>
        <Link to={logsLink}>Search all logs of {serviceId}</Link>
      </p>
    </section>
  );
}
