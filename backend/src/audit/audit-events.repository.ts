import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool';

export interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
  address: string | null;
  request_id: string | null;
}

export type NewAuditRow = Omit<AuditRow, 'id' | 'occurred_at'>;

export interface AuditFilter {
  actorId?: string;
  actorType?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Only rows with a smaller id (the previous page's last id). */
  beforeId?: string;
}

/** The SQL of `audit_events`: append, keyset reads, and the retention's deletes. */
@Injectable()
export class AuditEventsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async append(row: NewAuditRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_events (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, address, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10)`,
      [
        row.actor_type,
        row.actor_id,
        row.actor_label,
        row.action,
        row.target_type,
        row.target_id,
        row.before === null ? null : JSON.stringify(row.before),
        row.after === null ? null : JSON.stringify(row.after),
        row.address,
        row.request_id,
      ],
    );
  }

  /** Newest first; `limit` rows at most. (The select's `id` is text: order by the column, not by it.) */
  async list(filter: AuditFilter, limit: number): Promise<AuditRow[]> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.actorId !== undefined) where('actor_id = ?', filter.actorId);
    if (filter.actorType !== undefined) where('actor_type = ?', filter.actorType);
    if (filter.action !== undefined) where('action = ?', filter.action);
    if (filter.targetType !== undefined) where('target_type = ?', filter.targetType);
    if (filter.targetId !== undefined) where('target_id = ?', filter.targetId);
    if (filter.from !== undefined) where('occurred_at >= ?', filter.from);
    if (filter.to !== undefined) where('occurred_at < ?', filter.to);
    if (filter.beforeId !== undefined) where('id < ?::bigint', filter.beforeId);
    values.push(limit);
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT id::text AS id, occurred_at, actor_type, actor_id, actor_label, action, target_type, target_id, before, after, address, request_id
         FROM audit_events ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY audit_events.id DESC LIMIT $${values.length}`,
      values,
    );
    return rows;
  }

  /**
   * Deletes up to `batch` rows older than `before`, oldest first; the trigger refuses anything
   * younger than 30 days whatever `before` says. Runs on the connection holding the retention lock.
   */
  async deleteOlderThan(client: PoolClient, before: Date, batch: number): Promise<number> {
    const { rowCount } = await client.query(
      `DELETE FROM audit_events WHERE id = ANY (ARRAY(
         SELECT id FROM audit_events WHERE occurred_at < $1 ORDER BY occurred_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
      [before, batch],
    );
    return rowCount ?? 0;
  }
}
