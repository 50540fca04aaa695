import { randomUUID } from 'node:crypto';
import type { IncidentEventPayload, IncidentEventType } from '../outbox';
import { toIncidentSnapshot, type IncidentRow } from './incident-row';
import type { Queryable } from '../database/pg-transaction';

/** One entry of the paper trail. `actor` is `user:<id>` or `system:<rule name>`. */
export interface TimelineEntryInput {
  type: string;
  actor: string;
  actorUserId?: string | null;
  body?: string | null;
  before?: unknown;
  after?: unknown;
}

const json = (value: unknown): string | null => (value === undefined || value === null ? null : JSON.stringify(value));

/**
 * Appends to `incident_events`. Always called with the client of the transaction that makes
 * the change, so the trail and the change commit (or vanish) together.
 */
export async function appendTimeline(client: Queryable, incidentId: string, entry: TimelineEntryInput, at: Date): Promise<void> {
  await client.query(
    `INSERT INTO incident_events (incident_id, type, actor, actor_user_id, body, before, after, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
    [incidentId, entry.type, entry.actor, entry.actorUserId ?? null, entry.body ?? null, json(entry.before), json(entry.after), at],
  );
}

/**
 * appendTimeline for many incidents in one statement (the escalation runner's batch of pages:
 * one round trip instead of one per page, which under load is most of a page's time).
 */
export async function appendTimelines(
  client: Queryable,
  entries: Array<{ incidentId: string; entry: TimelineEntryInput }>,
  at: Date,
): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ incidentId, entry }) => ({
    incident_id: incidentId,
    type: entry.type,
    actor: entry.actor,
    actor_user_id: entry.actorUserId ?? null,
    body: entry.body ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  }));
  await client.query(
    `INSERT INTO incident_events (incident_id, type, actor, actor_user_id, body, before, after, created_at)
     SELECT r.incident_id, r.type, r.actor, r.actor_user_id, r.body, r.before, r.after, $2
       FROM jsonb_to_recordset($1::jsonb)
         AS r(incident_id uuid, type text, actor text, actor_user_id uuid, body text, before jsonb, after jsonb)`,
    [JSON.stringify(rows), at],
  );
}

/**
 * The transactional-outbox event of a change, for OutboxRepository.append with the client of
 * the change's transaction. The id is made here so that `payload.id` (what receivers
 * deduplicate on) equals the row id.
 */
export function incidentEvent(
  event: IncidentEventType,
  incident: IncidentRow,
  at: Date,
  data?: Record<string, unknown>,
): IncidentEventPayload {
  return {
    id: randomUUID(),
    event,
    occurred_at: at.toISOString(),
    incident: toIncidentSnapshot(incident),
    ...(data ? { data } : {}),
  };
}

export const userActor = (userId: string): string => `user:${userId}`;
export const ruleActor = (ruleName: string): string => `system:${ruleName}`;
