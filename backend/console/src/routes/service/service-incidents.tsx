import { Link } from 'react-router';
import { api } from '../../api/client';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { IncidentsTable } from '../incidents/incidents-table';

const SHOWN = 20;

/** The service's incidents not resolved yet, with a link to all of them in the incidents list. */
export function ServiceIncidents({ serviceId }: { serviceId: string }) {
  const open = api.useQuery('get', '/incidents', { params: { query: { service_id: serviceId, status: 'OPEN', limit: SHOWN } } });
  const acknowledged = api.useQuery('get', '/incidents', {
    params: { query: { service_id: serviceId, status: 'ACKNOWLEDGED', limit: SHOWN } },
  });
  const failed = open.error ?? acknowledged.error;
  const incidents = [...(open.data?.data ?? []), ...(acknowledged.data?.data ?? [])];
  return (
    <section aria-labelledby="service-incidents-title">
      <h2 id="service-incidents-title">Incidents</h2>
      {open.isPending || acknowledged.isPending ? (
        <Loading label="Loading incidents" />
      ) : failed ? (
        <ErrorState error={failed} title="Could not load incidents" />
      ) : incidents.length === 0 ? (
        <EmptyState title="No open incidents for this service." />
      ) : (
        <IncidentsTable incidents={incidents} caption={`Open and acknowledged incidents of ${serviceId}`} />
      )}
      <p>
        <Link to={`/incidents?status=RESOLVED&service=${encodeURIComponent(serviceId)}`}>Resolved incidents of {serviceId}</Link>
      </p>
    </section>
  );
}
