import type { IncidentEventPayload, IncidentEventType } from '../outbox';

/** What each event is called in a message's headline, on every channel type. */
export const EVENT_TITLES: Record<IncidentEventType, string> = {
  'incident.opened': 'Incident opened',
  'incident.acknowledged': 'Incident acknowledged',
  'incident.resolved': 'Incident resolved',
  'incident.reopened': 'Incident reopened',
  'incident.severity_changed': 'Severity changed',
  'incident.comment_added': 'New comment',
  'incident.assigned': 'Incident assigned',
  'incident.updated': 'Incident updated',
  'incident.escalated': 'You are paged',
};

/** "[HIGH] Incident opened: Payments failing" */
export const headline = (payload: IncidentEventPayload): string =>
  `[${payload.incident.severity}] ${EVENT_TITLES[payload.event] ?? payload.event}: ${payload.incident.title}`;
