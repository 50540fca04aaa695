import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { EscalationState } from './escalation-state';
import { EvidenceLogs } from './evidence-logs';
import { IncidentActions } from './incident-actions';
import { IncidentAnalysis } from './incident-analysis';
import { IncidentFacts } from './incident-facts';
import { IncidentTimeline } from './incident-timeline';
import './incident.css';

/**
 * One incident: its facts, the actions the reader's role allows, the timeline, the evidence and
 * the analysis. Live events refetch every /incidents query, so another person's change shows here.
 */
export function IncidentPage() {
  const { id = '' } = useParams();
  const incident = api.useQuery('get', '/incidents/{id}', { params: { path: { id } } });

  if (incident.isPending) return <Loading label="Loading the incident" />;
  if (incident.error) {
    return (
      <>
        <PageTitle title="Incident" />
        <ErrorState title="Could not load this incident" error={incident.error} onRetry={() => void incident.refetch()} />
        <p>
          <Link to="/incidents">Back to the incidents</Link>
        </p>
      </>
    );
  }
  const data = incident.data;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/incidents">Incidents</Link>
      </p>
      <PageTitle title={data.title} />
      <IncidentFacts incident={data} />
      <div className="incident-columns">
        <div className="incident-column">
          <IncidentActions incident={data} />
          <EscalationState incidentId={data.id} />
          <IncidentTimeline incident={data} />
        </div>
        <div className="incident-column">
          <IncidentAnalysis incidentId={data.id} />
          <EvidenceLogs incidentId={data.id} />
        </div>
      </div>
    </>
  );
}
