import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { RelativeTime } from '../../components/relative-time';
import { ActivityRangePicker, readActivityRange } from '../services/activity-range';
import { activitySparklines } from '../services/service-activity';
import { ServiceIncidents } from './service-incidents';
import { ServiceLogs } from './service-logs';

/** One service: its activity, its incidents and its newest logs (a door to the full log search). */
export function ServicePage() {
  const serviceId = useParams().serviceId!;
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const activity = readActivityRange(params);
  const service = api.useQuery('get', '/services/{service_id}', { params: { path: { service_id: serviceId }, query: { activity } } });
  const logsLink = `/logs?service=${encodeURIComponent(serviceId)}`;

  return (
    <>
      <PageTitle title={serviceId}>
        <Link to="/services">All services</Link>
      </PageTitle>
      {service.isPending ? (
        <Loading label="Loading the service" />
      ) : service.error ? (
        <ErrorState error={service.error} title="Could not load this service" />
      ) : (
        <section aria-labelledby="service-activity-title">
          <h2 id="service-activity-title">Activity</h2>
          <ActivityRangePicker value={activity} onChange={(value) => setParams(value === '1h' ? {} : { activity: value })} />
          <dl className="summary-list">
            <dt>Last seen</dt>
            <dd>
              <RelativeTime value={service.data.data.last_seen_at} />
            </dd>
            <dt>First seen</dt>
            <dd>
              <RelativeTime value={service.data.data.first_seen_at} />
            </dd>
            <dt>Logs last hour</dt>
            <dd>{service.data.data.last_hour_total}</dd>
            <dt>Volume</dt>
            <dd>{activitySparklines({ serviceId, activity: service.data.data.activity, window: service.data.activity }).volume}</dd>
            <dt>Error rate</dt>
            <dd>{activitySparklines({ serviceId, activity: service.data.data.activity, window: service.data.activity }).errorRate}</dd>
          </dl>
        </section>
      )}
      <ServiceIncidents serviceId={serviceId} />
      <ServiceLogs serviceId={serviceId} logsLink={logsLink} onOpen={(id) => void navigate(`${logsLink}&log=${id}`)} />
    </>
  );
}
