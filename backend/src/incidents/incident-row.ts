import type { IncidentStatus, Severity } from '../generated/prisma/enums';
import type { IncidentEventPayload } from '../outbox';

/** Where an incident came from: a detection rule, a person, or an outside alerting tool. */
export const INCIDENT_SOURCES = ['detection', 'manual', 'alertmanager', 'grafana', 'pagerduty'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** An `incidents` row as node-postgres returns it (timestamps as Date). */
export interface IncidentRow {
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  status: IncidentStatus;
  service_id: string | null;
  rule_id: string | null;
  fingerprint: string | null;
  previous_incident_id: string | null;
  assignee_id: string | null;
  created_by: string;
  /** detection, manual, alertmanager, grafana or pagerduty (INCIDENT_SOURCES). */
  source: IncidentSource;
  log_count: number;
  first_seen_at: Date | null;
  last_seen_at: Date | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  resolution: string | null;
  root_cause: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Column list for `SELECT`/`RETURNING`, prefixed when the query joins other tables. */
export const incidentColumns = (alias = ''): string =>
  [
    'id',
    'title',
    'description',
    'severity',
    'status',
    'service_id',
    'rule_id',
    'fingerprint',
    'previous_incident_id',
    'assignee_id',
    'created_by',
    'source',
    'log_count',
    'first_seen_at',
    'last_seen_at',
    'acknowledged_at',
    'resolved_at',
    'resolution',
    'root_cause',
    'created_at',
    'updated_at',
  ]
    .map((column) => (alias ? `${alias}.${column}` : column))
    .join(', ');

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

/** The incident as webhook receivers and live clients see it (IncidentEventPayload.incident). */
export function toIncidentSnapshot(row: IncidentRow): IncidentEventPayload['incident'] {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    severity: row.severity,
    status: row.status,
    service_id: row.service_id,
    rule_id: row.rule_id,
    source: row.source,
    assignee_id: row.assignee_id,
    log_count: row.log_count,
    first_seen_at: iso(row.first_seen_at),
    last_seen_at: iso(row.last_seen_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
