import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';

/** The SQL of incident storms (incident_storm_services and the storm's incidents), on detection's transaction. */
@Injectable()
export class IncidentStormsRepository {
  /** Incidents the rule opened after `since`, its storms (`stormFingerprint`) not counted. */
  async countOpenedSince(client: Queryable, ruleId: string, since: Date, stormFingerprint: string): Promise<number> {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents WHERE rule_id = $1 AND created_at > $2 AND fingerprint IS DISTINCT FROM $3`,
      [ruleId, since, stormFingerprint],
    );
    return rows[0]!.n;
  }

  async serviceIds(client: Queryable, stormId: string): Promise<string[]> {
    const { rows } = await client.query<{ service_id: string }>('SELECT service_id FROM incident_storm_services WHERE incident_id = $1', [
      stormId,
    ]);
    return rows.map((row) => row.service_id);
  }

  /** Per service, when the storms with `stormFingerprint` that grouped it were last resolved after `since`. */
  async resolvedSince(client: Queryable, stormFingerprint: string, since: Date): Promise<Map<string, Date>> {
    const { rows } = await client.query<{ service_id: string; resolved_at: Date }>(
      `SELECT s.service_id, max(i.resolved_at) AS resolved_at
       FROM incidents i JOIN incident_storm_services s ON s.incident_id = i.id
       WHERE i.fingerprint = $1 AND i.resolved_at > $2
       GROUP BY s.service_id`,
      [stormFingerprint, since],
    );
    return new Map(rows.map((row) => [row.service_id, row.resolved_at]));
  }

  /** Adds the services (with the logs that made each cross) the storm does not group yet. */
  async addServices(client: Queryable, stormId: string, services: { serviceId: string; count: number }[], now: Date): Promise<void> {
    await client.query(
      `INSERT INTO incident_storm_services (incident_id, service_id, log_count, joined_at)
       SELECT $1, s.service_id, s.log_count, $4 FROM unnest($2::text[], $3::int[]) AS s(service_id, log_count)
       ON CONFLICT DO NOTHING`,
      [stormId, services.map((c) => c.serviceId), services.map((c) => c.count), now],
    );
  }

  async countServices(client: Queryable, stormId: string): Promise<number> {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_storm_services WHERE incident_id = $1', [
      stormId,
    ]);
    return rows[0]!.n;
  }

  /** How many services the storm groups, and the `limit` loudest of them. */
  async summary(
    client: Queryable,
    stormId: string,
    limit: number,
  ): Promise<{ total: number; loudest: { service_id: string; count: number }[] }> {
    const { rows } = await client.query<{ service_id: string; count: number; total: number }>(
      `SELECT service_id, log_count AS count, count(*) OVER ()::int AS total FROM incident_storm_services
       WHERE incident_id = $1 ORDER BY log_count DESC, service_id LIMIT ${Math.floor(limit)}`,
      [stormId],
    );
    return { total: rows[0]?.total ?? 0, loudest: rows.map(({ service_id, count }) => ({ service_id, count })) };
  }
}
