import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { IncidentEventPayload, IncidentEventType } from '../../src/outbox/incident-events';

export interface OutboxEventOptions {
  type?: IncidentEventType;
  severity?: IncidentEventPayload['incident']['severity'];
  title?: string;
  serviceId?: string;
  /** Attach the event to an existing incident instead of creating one. */
  incidentId?: string;
  /** The event's data (default: `{ actor: 'system:test' }`). */
  data?: Record<string, unknown>;
}

/**
 * What the incidents module writes on a change: an incident row and, in the same
 * transaction, its outbox row (whose insert trigger NOTIFYs `incident_events` on commit).
 * Lets notification and live-update tests run without going through the incidents API.
 */
export async function writeOutboxEvent(pool: Pool, options: OutboxEventOptions = {}): Promise<IncidentEventPayload> {
  const now = new Date();
  const incidentId = options.incidentId ?? randomUUID();
  const payload: IncidentEventPayload = {
    id: randomUUID(),
    event: options.type ?? 'incident.opened',
    occurred_at: now.toISOString(),
    incident: {
      id: incidentId,
      title: options.title ?? 'High error rate on checkout',
      description: null,
      severity: options.severity ?? 'HIGH',
      status: 'OPEN',
      service_id: options.serviceId ?? 'checkout',
      rule_id: null,
      assignee_id: null,
      log_count: 7,
      first_seen_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    },
    data: options.data ?? { actor: 'system:test' },
  };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (!options.incidentId) {
      await client.query(
        `INSERT INTO incidents (id, title, severity, status, service_id, created_by, log_count, first_seen_at, last_seen_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'OPEN', $4, 'system:test', 7, $5, $5, $5, $5)`,
        [incidentId, payload.incident.title, payload.incident.severity, payload.incident.service_id, now],
      );
    }
    await client.query('INSERT INTO outbox_events (id, type, incident_id, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)', [
      payload.id,
      payload.event,
      incidentId,
      JSON.stringify(payload),
      now,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return payload;
}
