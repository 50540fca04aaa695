import { Injectable } from '@nestjs/common';
import type { LogLevel } from '../generated/prisma/enums';
import type { Queryable } from '../database/pg-transaction';

/** What a rule counts: its levels, optionally one service, optionally a message pattern. */
export interface LogCriteria {
  levels: LogLevel[];
  serviceId: string | null;
  messagePattern: string | null;
  /** Only logs whose metadata has this value under this key (value null: logs without the key). */
  group?: MetadataGroup;
}

/** One value of a metadata key, as rules with group_by count them. */
export interface MetadataGroup {
  key: string;
  value: string | null;
}

export interface GroupCount extends ServiceCount {
  group_value: string | null;
}

/** Group values longer than this are cut: they name an incident, they are not data. */
export const MAX_GROUP_VALUE_LENGTH = 200;

export interface ServiceCount {
  service_id: string;
  count: number;
}

export interface MinuteCount {
  service_id: string;
  minute_ago: number;
  count: number;
}

/**
 * Counts of the logs that match some criteria (what detection rules count), inside the
 * caller's transaction. Each is bounded by an event-time range, so PostgreSQL prunes to the
 * day partitions it touches and range-scans (level, timestamp) or (service_id, level,
 * timestamp): their cost follows the logs in the window, not the table.
 */
@Injectable()
export class MatchingLogsRepository {
  /** Services with at least `minimum` matching logs in (from, to]. */
  async countByService(client: Queryable, criteria: LogCriteria, from: Date, to: Date, minimum: number): Promise<ServiceCount[]> {
    const { sql, params } = matching(criteria, from, to);
    params.push(minimum);
    const { rows } = await client.query<ServiceCount>(
      `SELECT l.service_id, count(*)::int AS count FROM logs l WHERE ${sql}
       GROUP BY l.service_id HAVING count(*) >= $${params.length}`,
      params,
    );
    return rows;
  }

  /**
   * (service, value of the metadata key) pairs with at least `minimum` matching logs in (from, to].
   * The window filter uses the same indexes as countByService; the key is read only from the
   * window's rows, so no index on metadata is needed.
   */
  async countByServiceAndGroup(
    client: Queryable,
    criteria: LogCriteria,
    key: string,
    from: Date,
    to: Date,
    minimum: number,
  ): Promise<GroupCount[]> {
    const { sql, params } = matching(criteria, from, to);
    params.push(key, MAX_GROUP_VALUE_LENGTH, minimum);
    const n = params.length;
    const { rows } = await client.query<GroupCount>(
      `SELECT l.service_id, left(l.metadata->>$${n - 2}, $${n - 1}::int) AS group_value, count(*)::int AS count
       FROM logs l WHERE ${sql}
       GROUP BY 1, 2 HAVING count(*) >= $${n}`,
      params,
    );
    return rows;
  }

  countForService(client: Queryable, criteria: LogCriteria, serviceId: string, from: Date, to: Date): Promise<number> {
    return this.count(client, { ...criteria, serviceId }, from, to);
  }

  /** Matching logs in (from, to]: of the criteria's service, or of every service when it is null. */
  async count(client: Queryable, criteria: LogCriteria, from: Date, to: Date): Promise<number> {
    const { sql, params } = matching(criteria, from, to);
    const { rows } = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM logs l WHERE ${sql}`, params);
    return rows[0]!.count;
  }

  /** Matching logs per service and minute in (end - minutes, end]; minute 0 is the one ending at `end`. */
  async countPerMinute(client: Queryable, criteria: LogCriteria, serviceIds: string[], end: Date, minutes: number): Promise<MinuteCount[]> {
    const { sql, params } = matching(criteria, new Date(end.getTime() - minutes * 60_000), end);
    params.push(serviceIds, end);
    const { rows } = await client.query<MinuteCount>(
      `SELECT l.service_id, floor(extract(epoch FROM $${params.length}::timestamptz - l."timestamp") / 60)::int AS minute_ago,
              count(*)::int AS count
       FROM logs l WHERE ${sql} AND l.service_id = ANY($${params.length - 1}::text[])
       GROUP BY 1, 2`,
      params,
    );
    return rows;
  }

  /** When each service sent its first log (the `services` table, written with the logs). */
  async firstSeen(client: Queryable, serviceIds: string[]): Promise<Map<string, Date>> {
    const { rows } = await client.query<{ service_id: string; first_seen_at: Date }>(
      'SELECT service_id, first_seen_at FROM services WHERE service_id = ANY($1::text[])',
      [serviceIds],
    );
    return new Map(rows.map((row) => [row.service_id, row.first_seen_at]));
  }

  /** When the first log of any service was stored (null: none ever was). */
  async firstSeenOfAny(client: Queryable): Promise<Date | null> {
    const { rows } = await client.query<{ first: Date | null }>('SELECT min(first_seen_at) AS first FROM services');
    return rows[0]?.first ?? null;
  }
}

export function matching(criteria: LogCriteria, from: Date, to: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = [criteria.levels, from, to];
  const conditions = ['l.level = ANY($1::"LogLevel"[])', 'l."timestamp" > $2', 'l."timestamp" <= $3'];
  if (criteria.serviceId !== null) {
    params.push(criteria.serviceId);
    conditions.push(`l.service_id = $${params.length}`);
  }
  if (criteria.messagePattern !== null) {
    params.push(criteria.messagePattern);
    conditions.push(`l.message ~* $${params.length}`);
  }
  if (criteria.group) conditions.push(groupCondition(criteria.group, params));
  return { sql: conditions.join(' AND '), params };
}

/** `l.metadata->>key` equal to the (cut) value, or absent; appends its parameters. */
function groupCondition(group: MetadataGroup, params: unknown[]): string {
  params.push(group.key);
  const key = `$${params.length}`;
  if (group.value === null) return `l.metadata->>${key} IS NULL`;
  params.push(group.value, MAX_GROUP_VALUE_LENGTH);
  return `left(l.metadata->>${key}, $${params.length}::int) = $${params.length - 1}`;
}
