import { Link } from 'react-router';
import type { ReactNode } from 'react';
import type { Schemas } from '../../api/client';
import { SeverityBadge, StatusBadge } from '../../components/badges';
import { incidentSourceName } from '../../components/incident-source';
import { RelativeTime } from '../../components/relative-time';
import { UserId } from './actor-name';
import { SilencedBy } from './silenced-by';

type Incident = Schemas['IncidentDetailDto'];

/** What the incident is: state, where it comes from, who has it, how long it has been going on. */
export function IncidentFacts({ incident }: { incident: Incident }) {
  return (
    <section aria-label="Facts" className="incident-facts">
      <dl className="facts">
        <Fact term="State">
          <StatusBadge status={incident.status} />
        </Fact>
        <Fact term="Severity">
          <SeverityBadge severity={incident.severity} />
        </Fact>
        <Fact term="Service">{incident.service_id ?? '—'}</Fact>
        <Fact term="Source">{incidentSourceName(incident.source)}</Fact>
        {incident.source === 'detection' && <Fact term="Rule">{incident.rule?.name ?? (incident.rule_id ? 'a deleted rule' : '—')}</Fact>}
        <Fact term="Assignee">{incident.assignee_id ? <UserId id={incident.assignee_id} /> : 'nobody'}</Fact>
        <Fact term="First seen">
          <RelativeTime value={incident.first_seen_at} />
        </Fact>
        <Fact term="Last seen">
          <RelativeTime value={incident.last_seen_at} />
        </Fact>
        <Fact term="Logs">{incident.log_count}</Fact>
        {incident.silenced_by && (
          <Fact term="Notifications">
            <SilencedBy silenceId={incident.silenced_by} />
          </Fact>
        )}
        {incident.acknowledged_at && (
          <Fact term="Acknowledged at">
            <RelativeTime value={incident.acknowledged_at} />
          </Fact>
        )}
        {incident.resolved_at && (
          <Fact term="Resolved at">
            <RelativeTime value={incident.resolved_at} />
          </Fact>
        )}
      </dl>
      {incident.description && <p className="incident-description">{incident.description}</p>}
      {(incident.resolution || incident.root_cause) && (
        <dl className="facts facts-wide">
          {incident.resolution && <Fact term="Resolution">{incident.resolution}</Fact>}
          {incident.root_cause && <Fact term="Root cause">{incident.root_cause}</Fact>}
        </dl>
      )}
      {incident.previous_incident_id && (
        <p>
          <Link to={`/incidents/${incident.previous_incident_id}`}>Previous incident of the same problem</Link>
        </p>
      )}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
