import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';

/** Where a NEW_PATTERN rule's scan of committed logs stands. */
export interface PatternCursor {
  last_log_id: string;
  learning_until: Date;
}

export interface TemplateToRemember {
  serviceId: string;
  hash: string;
  template: string;
}

/** Stored templates are for people reading the table; the hash is the key. */
const MAX_STORED_TEMPLATE_CHARS = 2000;

/** The known_templates and new_pattern_cursors tables, inside the rule's evaluation transaction. */
@Injectable()
export class NewPatternRepository {
  async findCursor(client: Queryable, ruleId: string): Promise<PatternCursor | undefined> {
    const { rows } = await client.query<PatternCursor>(
      `SELECT last_log_id::text AS last_log_id, learning_until FROM new_pattern_cursors WHERE rule_id = $1`,
      [ruleId],
    );
    return rows[0];
  }

  async createCursor(client: Queryable, ruleId: string, cursor: PatternCursor, now: Date): Promise<void> {
    await client.query(
      `INSERT INTO new_pattern_cursors (rule_id, last_log_id, learning_until, updated_at) VALUES ($1, $2::bigint, $3, $4)
       ON CONFLICT (rule_id) DO NOTHING`,
      [ruleId, cursor.last_log_id, cursor.learning_until, now],
    );
  }

  async advanceCursor(client: Queryable, ruleId: string, lastLogId: string, overCap: number, now: Date): Promise<void> {
    await client.query(
      `UPDATE new_pattern_cursors SET last_log_id = GREATEST(last_log_id, $2::bigint), over_cap_count = over_cap_count + $3, updated_at = $4
       WHERE rule_id = $1`,
      [ruleId, lastLogId, overCap, now],
    );
  }

  /** The (service, hash) pairs among these that the rule knows, as `service\0hash`. */
  async known(client: Queryable, ruleId: string, keys: readonly { serviceId: string; hash: string }[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const { rows } = await client.query<{ service_id: string; template_hash: string }>(
      `SELECT k.service_id, k.template_hash FROM known_templates k
         JOIN unnest($2::text[], $3::text[]) AS q(service_id, template_hash)
           ON k.service_id = q.service_id AND k.template_hash = q.template_hash
        WHERE k.rule_id = $1`,
      [ruleId, keys.map((k) => k.serviceId), keys.map((k) => k.hash)],
    );
    return new Set(rows.map((row) => `${row.service_id}\u0000${row.template_hash}`));
  }

  /** Templates the rule knows per service (a count over the primary key's prefix). */
  async countPerService(client: Queryable, ruleId: string, serviceIds: readonly string[]): Promise<Map<string, number>> {
    const { rows } = await client.query<{ service_id: string; count: number }>(
      `SELECT service_id, count(*)::int AS count FROM known_templates WHERE rule_id = $1 AND service_id = ANY($2::text[]) GROUP BY service_id`,
      [ruleId, serviceIds],
    );
    return new Map(rows.map((row) => [row.service_id, row.count]));
  }

  /**
   * Remembers the templates; returns the `service\0hash` keys this call inserted. The primary
   * key makes the insert the one decision: a template another transaction recorded first is
   * not returned, so it is reported once whatever the number of instances.
   */
  async remember(
    client: Queryable,
    ruleId: string,
    templates: readonly TemplateToRemember[],
    duringLearning: boolean,
    now: Date,
  ): Promise<Set<string>> {
    if (templates.length === 0) return new Set();
    const { rows } = await client.query<{ service_id: string; template_hash: string }>(
      `INSERT INTO known_templates (rule_id, service_id, template_hash, template, during_learning, first_seen_at)
       SELECT $1, t.service_id, t.template_hash, left(t.template, $5), $6, $7
         FROM unnest($2::text[], $3::text[], $4::text[]) AS t(service_id, template_hash, template)
       ON CONFLICT DO NOTHING
       RETURNING service_id, template_hash`,
      [
        ruleId,
        templates.map((t) => t.serviceId),
        templates.map((t) => t.hash),
        templates.map((t) => t.template),
        MAX_STORED_TEMPLATE_CHARS,
        duringLearning,
        now,
      ],
    );
    return new Set(rows.map((row) => `${row.service_id}\u0000${row.template_hash}`));
  }
}
