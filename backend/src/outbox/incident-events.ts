/**
 * Events of an incident's life, written to `outbox_events` in the same transaction as the
 * change itself (transactional outbox). Notifications deliver them to channels; the live
 * update gateways push them to WebSocket/SSE clients (the outbox insert trigger NOTIFYs
 * channel `incident_events` with `{id, type, incident_id}`).
 */
export const INCIDENT_EVENT_TYPES = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.severity_changed',
  'incident.comment_added',
  'incident.assigned',
  'incident.updated',
  // Addressed, not subscribed to: delivered to the channels and people named in its data.
  'incident.escalated',
] as const;

export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** Events a notification channel can subscribe to (default: all of them). */
export const NOTIFIABLE_EVENT_TYPES: IncidentEventType[] = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.severity_changed',
  'incident.comment_added',
];

/** `outbox_events.payload`: exactly the body a webhook receiver gets. */
export interface IncidentEventPayload {
  /** The outbox event id: receivers drop repeats by it. */
  id: string;
  event: IncidentEventType;
  occurred_at: string;
  incident: {
    id: string;
    title: string;
    description: string | null;
    severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
    status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
    service_id: string | null;
    rule_id: string | null;
    /** detection, manual, alertmanager, grafana or pagerduty (always sent; optional for readers of older rows). */
    source?: string;
    assignee_id: string | null;
    log_count: number;
    first_seen_at: string | null;
    last_seen_at: string | null;
    created_at: string;
    updated_at: string;
  };
  /** Extra facts of this event (e.g. comment body, before/after of a change). */
  data?: Record<string, unknown>;
}
