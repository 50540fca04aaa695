import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';

/** The SQL of notification-history retention, on one connection (it holds the retention lock). */
@Injectable()
export class OutboxRetentionRepository {
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
   * prune at once, they take different rows.
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
