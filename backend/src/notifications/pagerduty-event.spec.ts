import type { IncidentEventPayload } from '../outbox';
import { buildPagerDutyEvent, pagerDutyAction } from './pagerduty-event';

const payload = (overrides: Partial<IncidentEventPayload['incident']> = {}): IncidentEventPayload => ({
  id: 'e1',
  event: 'incident.opened',
  occurred_at: '2026-01-15T10:00:00.000Z',
  incident: {
    id: 'i1',
    title: 'x'.repeat(2000),
    description: null,
    severity: 'CRITICAL',
    status: 'OPEN',
    service_id: null,
    rule_id: null,
    assignee_id: null,
    log_count: 1,
    first_seen_at: null,
    last_seen_at: null,
    created_at: '2026-01-15T10:00:00.000Z',
    updated_at: '2026-01-15T10:00:00.000Z',
    ...overrides,
  },
});

describe('PagerDuty Events v2', () => {
  it('maps the lifecycle to trigger, acknowledge and resolve, and nothing else', () => {
    expect(pagerDutyAction('incident.opened')).toBe('trigger');
    expect(pagerDutyAction('incident.reopened')).toBe('trigger');
    expect(pagerDutyAction('incident.acknowledged')).toBe('acknowledge');
    expect(pagerDutyAction('incident.resolved')).toBe('resolve');
    expect(pagerDutyAction('incident.comment_added')).toBeUndefined();
    expect(pagerDutyAction('incident.severity_changed')).toBeUndefined();
  });

  it('keeps the summary within 1024 characters and names a source even without a service', () => {
    const event = buildPagerDutyEvent(payload(), 'key', 'trigger', 'https://x/incidents/i1') as { payload: Record<string, string> };
    expect(event.payload.summary).toHaveLength(1024);
    expect(event.payload.source).toBe('incident-log-platform');
    expect(event.payload.severity).toBe('critical');
  });
});
