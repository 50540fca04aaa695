import { Link } from 'react-router';
import type { Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { RelativeTime } from '../../components/relative-time';
import { activitySparklines } from './service-activity';

type Service = Schemas['ServiceSummaryDto'];

/** Every service, its last log, its activity and how many of its incidents are not resolved. */
export function ServicesTable({ services, window }: { services: Service[]; window: Schemas['ActivityWindowDto'] }) {
  return (
    <DataTable
      caption="Services that send logs"
      rows={services}
      rowKey={(s) => s.service_id}
      columns={[
        { header: 'Service', cell: (s) => <Link to={`/services/${encodeURIComponent(s.service_id)}`}>{s.service_id}</Link> },
        { header: 'Last seen', cell: (s) => <RelativeTime value={s.last_seen_at} /> },
        { header: 'Volume', cell: (s) => activitySparklines({ serviceId: s.service_id, activity: s.activity, window }).volume },
        { header: 'Error rate', cell: (s) => activitySparklines({ serviceId: s.service_id, activity: s.activity, window }).errorRate },
        { header: 'Logs last hour', cell: (s) => s.last_hour_total, className: 'cell-number' },
        {
          header: 'Open incidents',
          className: 'cell-number',
          cell: (s) =>
            s.unresolved_incidents.total > 0 ? (
              <Link
                to={`/incidents?service=${encodeURIComponent(s.service_id)}`}
                aria-label={`${s.unresolved_incidents.total} open incidents of ${s.service_id}`}
              >
                {s.unresolved_incidents.total}
              </Link>
            ) : (
              0
            ),
        },
      ]}
    />
  );
}
