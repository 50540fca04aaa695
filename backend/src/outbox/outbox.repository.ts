import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { Queryable } from '../database/pg-transaction';
import type { IncidentEventPayload } from './incident-events';

/**
 * Runs inside the transaction that appends an event (same client), so that a feature can react
 * to an incident change atomically with it without the incidents feature knowing that feature
 * (escalation starts on `incident.opened`, stops on acknowledge/resolve, inside that commit).
 */
export type OutboxAppendObserver = (client: Queryable, payload: IncidentEventPayload) => Promise<void>;

/** Most events one read returns (a replay after Last-Event-ID, a catch-up after a lost LISTEN). */
export const OUTBOX_READ_LIMIT = 1000;

/**
 * The SQL of `outbox_events`: append (inside the transaction of the change), reads of the
 * payloads for live clients, and the retention of finished events. The delivery queue's
 * fan-out and claim read it too (DeliveriesRepository): see the journal on one owner per table.
 */
@Injectable()
export class OutboxRepository {
  private readonly observers: OutboxAppendObserver[] = [];

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Registers an observer of every append (called once per feature at module init). */
  observeAppends(observer: OutboxAppendObserver): void {
    this.observers.push(observer);
  }

  /**
   * Writes the event with the client of the transaction that makes the change, so both
   * commit (or vanish) together; the insert trigger NOTIFYs it on commit. `payload.id` is
   * the row id (what receivers deduplicate on).
   */
  async append(client: Queryable, payload: IncidentEventPayload): Promise<void> {
    await client.query(`INSERT INTO outbox_events (id, type, incident_id, payload, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)`, [
      payload.id,
      payload.event,
      payload.incident.id,
      JSON.stringify(payload),
      payload.occurred_at,
    ]);
    for (const observer of this.observers) await observer(client, payload);
  }

  /** append for many events in one INSERT (a batch of escalation pages); observers see each, in order. */
  async appendMany(client: Queryable, payloads: IncidentEventPayload[]): Promise<void> {
    if (payloads.length === 0) return;
    const rows = payloads.map((payload) => ({
      id: payload.id,
      type: payload.event,
      incident_id: payload.incident.id,
      payload,
      created_at: payload.occurred_at,
    }));
    await client.query(
      `INSERT INTO outbox_events (id, type, incident_id, payload, created_at)
       SELECT r.id, r.type, r.incident_id, r.payload, r.created_at
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, type text, incident_id uuid, payload jsonb, created_at timestamptz)`,
      [JSON.stringify(rows)],
    );
    for (const payload of payloads) for (const observer of this.observers) await observer(client, payload);
  }

  /** Seconds since the oldest event not yet fanned out to channels was written; 0 when none waits (for the metrics). */
  async undispatchedLagSeconds(): Promise<number> {
    const { rows } = await this.pool.query<{ seconds: number }>(
      `SELECT COALESCE(extract(epoch FROM now() - min(created_at)), 0)::float8 AS seconds FROM outbox_events WHERE dispatched_at IS NULL`,
    );
    return Math.max(0, rows[0]?.seconds ?? 0);
  }

  /** Events after the one with id `lastEventId` (a UUID), oldest first; [] when it is unknown. */
  async payloadsAfter(lastEventId: string): Promise<IncidentEventPayload[]> {
    const { rows } = await this.pool.query<{ payload: IncidentEventPayload }>(
      `SELECT o.payload FROM outbox_events o, (SELECT created_at, id FROM outbox_events WHERE id = $1) last
       WHERE (o.created_at, o.id) > (last.created_at, last.id)
       ORDER BY o.created_at, o.id LIMIT ${OUTBOX_READ_LIMIT}`,
      [lastEventId],
    );
    return rows.map((row) => row.payload);
  }

  async payloadsByIds(ids: string[]): Promise<IncidentEventPayload[]> {
    const { rows } = await this.pool.query<{ payload: IncidentEventPayload }>(
      'SELECT payload FROM outbox_events WHERE id = ANY ($1::uuid[]) ORDER BY created_at, id',
      [ids],
    );
    return rows.map((row) => row.payload);
  }

  /** Events written at or after `since`, oldest first. */
  async payloadsSince(since: Date): Promise<IncidentEventPayload[]> {
    const { rows } = await this.pool.query<{ payload: IncidentEventPayload }>(
      `SELECT payload FROM outbox_events WHERE created_at >= $1 ORDER BY created_at, id LIMIT ${OUTBOX_READ_LIMIT}`,
      [since],
    );
    return rows.map((row) => row.payload);
  }

  /**
   * Deletes up to `batch` outbox events that are finished with, together with their
   * deliveries: dispatched before `before`, and every delivery final (DELIVERED or FAILED)
   * and last changed before `before`. Undispatched events and events with a PENDING
   * delivery are never taken; neither can change back (a dispatched event gets no new
   * deliveries, a final delivery is never updated again), so the check cannot go stale.
   *
   * One statement, so one short transaction per batch. The deliveries are deleted here
   * rather than left to ON DELETE CASCADE so that the statement can count them; `= ANY
   * (ARRAY(...))` keeps that an index lookup per event (with `IN (SELECT ...)` the planner,
   * blind to the batch size, chose a hash join over a full scan of the deliveries: 150 ms
   * per batch at 200k rows, growing with the table). SKIP LOCKED: should two instances ever
   * prune at once, they take different rows. Runs on the connection that holds the
   * retention lock.
   */
  async deleteFinishedBatch(client: PoolClient, before: Date, batch: number): Promise<{ events: number; deliveries: number }> {
    const { rows } = await client.query<{ events: number; deliveries: number }>(
      `WITH finished AS (
         SELECT o.id FROM outbox_events o
          WHERE o.dispatched_at < $1::timestamptz
            AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                             WHERE d.event_id = o.id AND (d.status = 'PENDING' OR d.updated_at >= $1::timestamptz))
          ORDER BY o.dispatched_at
          LIMIT $2::int
          FOR UPDATE OF o SKIP LOCKED
       ), deleted_deliveries AS (
         DELETE FROM notification_deliveries WHERE event_id = ANY (ARRAY(SELECT id FROM finished)) RETURNING 1
       ), deleted_events AS (
         DELETE FROM outbox_events WHERE id IN (SELECT id FROM finished) RETURNING 1
       )
       SELECT (SELECT count(*) FROM deleted_events)::int AS events, (SELECT count(*) FROM deleted_deliveries)::int AS deliveries`,
      [before, batch],
    );
    return rows[0] ?? { events: 0, deliveries: 0 };
  }
}
