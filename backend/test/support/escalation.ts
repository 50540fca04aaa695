import type { Pool } from 'pg';
import { EscalationScheduler } from '../../src/escalation';
import type { TestApp } from './test-app';

export const MINUTE = 60_000;

export interface EscalatedEvent {
  incident_id: string;
  data: { policy_id: string; step: number; round: number; user_ids: string[]; channel_ids: string[] };
}

/** The `incident.escalated` outbox events of an incident (or of all), oldest first. */
export async function escalatedEvents(pool: Pool, incidentId?: string): Promise<EscalatedEvent[]> {
  const { rows } = await pool.query<{ incident_id: string; payload: { data: EscalatedEvent['data'] } }>(
    `SELECT incident_id, payload FROM outbox_events
      WHERE type = 'incident.escalated' AND ($1::uuid IS NULL OR incident_id = $1::uuid)
      ORDER BY created_at, (payload->'data'->>'round')::int, (payload->'data'->>'step')::int`,
    [incidentId ?? null],
  );
  return rows.map((row) => ({ incident_id: row.incident_id, data: row.payload.data }));
}

/** Runs an escalation pass on each instance (all at once) and waits for them. */
export async function runEscalations(...apps: TestApp[]): Promise<void> {
  await Promise.all(apps.map((t) => t.app.get(EscalationScheduler).runNow()));
}

/** Opens an incident by hand (as a responder) for a service. */
export async function openIncident(t: TestApp, serviceId: string, title = 'Checkout failing'): Promise<string> {
  const response = await t.request('POST', '/incidents', {
    token: t.tokens.responder,
    body: { title, severity: 'HIGH', service_id: serviceId },
  });
  if (response.status !== 201) throw new Error(`POST /incidents answered ${response.status}: ${response.text}`);
  return response.body.id;
}
