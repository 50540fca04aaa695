import type { IncidentEventPayload } from '../outbox';
import { headline } from './event-titles';

/** PagerDuty Events API v2 limits: summary 1024 characters, dedup_key 255. */
const SUMMARY_MAX = 1024;

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

const ACTIONS: Partial<Record<IncidentEventPayload['event'], PagerDutyAction>> = {
  'incident.opened': 'trigger',
  'incident.reopened': 'trigger',
  'incident.escalated': 'trigger',
  'incident.acknowledged': 'acknowledge',
  'incident.resolved': 'resolve',
};

const SEVERITIES: Record<IncidentEventPayload['incident']['severity'], 'critical' | 'error' | 'warning' | 'info'> = {
  CRITICAL: 'critical',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'info',
};

/** The action for an event; undefined: PagerDuty has nothing to do with it (a comment, a severity change). */
export const pagerDutyAction = (event: IncidentEventPayload['event']): PagerDutyAction | undefined => ACTIONS[event];

/**
 * One Events API v2 event. dedup_key is the incident id, so the trigger, acknowledge and
 * resolve of one incident (and a repeat of any of them) are one PagerDuty alert.
 */
export function buildPagerDutyEvent(
  payload: IncidentEventPayload,
  routingKey: string,
  action: PagerDutyAction,
  incidentUrl: string,
): Record<string, unknown> {
  const { incident } = payload;
  return {
    routing_key: routingKey,
    event_action: action,
    dedup_key: incident.id,
    client: 'incident-log-platform',
    client_url: incidentUrl,
    links: [{ href: incidentUrl, text: 'Incident' }],
    payload: {
      summary: truncate(headline(payload), SUMMARY_MAX),
      source: incident.service_id ?? 'incident-log-platform',
      severity: SEVERITIES[incident.severity],
      timestamp: payload.occurred_at,
      ...(incident.service_id ? { component: incident.service_id } : {}),
      custom_details: { incident_id: incident.id, event: payload.event, status: incident.status, log_count: incident.log_count },
    },
  };
}

/** A test: a trigger immediately resolved would still page; an info-level trigger with a one-off key is what PagerDuty suggests. */
export function buildPagerDutyTestEvent(routingKey: string, channelName: string, now: Date, dedupKey: string): Record<string, unknown> {
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    client: 'incident-log-platform',
    payload: {
      summary: `Test event for channel "${channelName}"`,
      source: 'incident-log-platform',
      severity: 'info',
      timestamp: now.toISOString(),
    },
  };
}

const truncate = (text: string, max: number): string => (text.length <= max ? text : text.slice(0, max - 1) + '…');
