import { ApiProperty } from '@nestjs/swagger';
import type { AppliedAlert } from '../alert-intake.service';

export class AppliedAlertDto {
  @ApiProperty({ example: 'c6eadffa33fcdf37', description: "The tool's fingerprint (or dedup_key) of the alert" })
  fingerprint!: string;

  @ApiProperty({
    enum: ['opened', 'already_open', 'acknowledged', 'resolved', 'no_open_incident'],
    example: 'opened',
    description:
      'opened: a new incident; already_open: the alert fires again while its incident is unresolved (nothing changes); ' +
      'resolved / acknowledged: its incident moved; no_open_incident: a resolve for an alert with no unresolved incident (ignored)',
  })
  outcome!: AppliedAlert['outcome'];

  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: '6d0c1c9e-3b7a-4f43-a1b2-7f3c2f1e9a55' })
  incident_id!: string | null;

  static from(applied: AppliedAlert): AppliedAlertDto {
    return { fingerprint: applied.fingerprint, outcome: applied.outcome, incident_id: applied.incidentId };
  }
}

export class AlertNotificationResultDto {
  @ApiProperty({ type: [AppliedAlertDto], description: 'One entry per alert of the notification, in its order' })
  alerts!: AppliedAlertDto[];
}

/** PagerDuty's own answer to an accepted event. */
export class PagerDutyAcceptedDto {
  @ApiProperty({ example: 'success' })
  status!: 'success';

  @ApiProperty({ example: 'Event processed' })
  message!: string;

  @ApiProperty({ example: 'srv01/HTTP', description: 'The dedup_key of the event (generated for a trigger without one)' })
  dedup_key!: string;
}

/** PagerDuty's own answer to an invalid event. */
export class PagerDutyInvalidDto {
  @ApiProperty({ example: 'invalid event' })
  status!: string;

  @ApiProperty({ example: 'Event object is invalid' })
  message!: string;

  @ApiProperty({ type: [String], example: ["'payload.summary' is required"] })
  errors!: string[];
}

// Samples for Swagger, in the shapes the tools document (Alertmanager's webhook_config,
// Grafana's webhook contact point, PagerDuty's Events API v2).
export const ALERTMANAGER_EXAMPLE = {
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'incident-service',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
  commonAnnotations: { summary: 'Checkout error rate above 5%' },
  externalURL: 'http://alertmanager.example:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', severity: 'critical', service: 'checkout' },
      annotations: { summary: 'Checkout error rate above 5%', description: '7.2% of requests failed over 5 minutes' },
      startsAt: '2026-11-27T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example:9090/graph?g0.expr=...',
      fingerprint: '2f3c0e5b8a1d4c6e',
    },
  ],
};

export const PAGERDUTY_EXAMPLE = {
  routing_key: 'ilm_Xk3b9QmV0p2Yc8rT1uLw4nJ6hGf5dSa7eZq9xBk2Cv0',
  event_action: 'trigger',
  dedup_key: 'srv01/HTTP',
  payload: {
    summary: 'DISK at 99% on machine prod-datapipe03.example.com',
    source: 'prod-datapipe03.example.com',
    severity: 'critical',
    component: 'mysql',
    custom_details: { service: 'datapipe', free_space: '1%' },
  },
  client: 'Sample Monitoring Service',
  client_url: 'https://monitoring.example.com',
};
