import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';
import { Clock } from '../common/clock';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';
import { ExternalIncidents } from '../incidents';
import type { ExternalAlert } from './external-alert';
import { ExternalAlertsRepository } from './external-alerts.repository';

export type AlertOutcome = 'opened' | 'already_open' | 'acknowledged' | 'resolved' | 'no_open_incident';

export interface AppliedAlert {
  fingerprint: string;
  outcome: AlertOutcome;
  incidentId: string | null;
}

/**
 * Turns outside alerts into incidents. One request is one transaction: every alert of a grouped
 * notification is applied, or none is (the tool retries the whole notification).
 */
@Injectable()
export class AlertIntakeService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly incidents: ExternalIncidents,
    private readonly alerts: ExternalAlertsRepository,
    private readonly clock: Clock,
  ) {}

  async receive(alerts: ExternalAlert[], key: AuthenticatedApiKey): Promise<AppliedAlert[]> {
    const bound = alerts.map((alert) => bindToKey(alert, key));
    if (bound.length === 0) return [];
    return inTransaction(this.pool, async (client) => {
      const now = this.clock.now();
      const applied: AppliedAlert[] = [];
      for (const alert of bound) applied.push(await this.apply(client, alert, key, now));
      return applied;
    });
  }

  private async apply(client: Queryable, alert: ExternalAlert, key: AuthenticatedApiKey, now: Date): Promise<AppliedAlert> {
    const fingerprint = `${alert.source}:${alert.fingerprint}`;
    const actor = `${alert.source}:${key.name}`;
    const open = await this.incidents.findOpenByFingerprint(client, fingerprint);
    const result = (outcome: AlertOutcome, incidentId: string | null): AppliedAlert => ({
      fingerprint: alert.fingerprint,
      outcome,
      incidentId,
    });
    if (alert.action === 'resolved') {
      if (!open) return result('no_open_incident', null);
      const body = `Resolved by ${alert.source} (API key "${key.name}"): the alert is no longer firing`;
      const resolved = await this.incidents.resolve(client, open.id, actor, body, now);
      return result(resolved ? 'resolved' : 'no_open_incident', open.id);
    }
    if (alert.action === 'acknowledge') {
      if (!open) return result('no_open_incident', null);
      const body = `Acknowledged by ${alert.source} (API key "${key.name}")`;
      const acknowledged = await this.incidents.acknowledge(client, open.id, actor, body, now);
      return result(acknowledged ? 'acknowledged' : 'already_open', open.id);
    }
    // Alertmanager repeats a firing alert every repeat_interval: nothing new to record.
    if (open) return result('already_open', open.id);
    const { incident, opened } = await this.incidents.open(
      client,
      {
        source: alert.source,
        fingerprint,
        title: alert.title,
        description: alert.description,
        severity: alert.severity,
        serviceId: alert.serviceId,
        actor,
        facts: {
          labels: alert.labels,
          annotations: alert.annotations,
          generator_url: alert.generatorUrl,
          starts_at: alert.startsAt?.toISOString() ?? null,
        },
      },
      now,
    );
    if (opened) await this.alerts.insert(client, incident.id, alert, now);
    return result(opened ? 'opened' : 'already_open', incident.id);
  }
}

/**
 * A key bound to a service raises alerts for that service only: alerts without a service get
 * it, alerts naming another one are refused (403, nothing stored), as logs are.
 */
function bindToKey(alert: ExternalAlert, key: AuthenticatedApiKey): ExternalAlert {
  if (key.serviceId === null) return alert;
  if (alert.serviceId === null) return { ...alert, serviceId: key.serviceId };
  if (alert.serviceId !== key.serviceId) {
    throw new ForbiddenException(
      `API key "${key.name}" is bound to service "${key.serviceId}" and may not raise alerts for service "${alert.serviceId}"; nothing stored`,
    );
  }
  return alert;
}
