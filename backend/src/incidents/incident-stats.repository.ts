import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';

export interface CreatedRange {
  from?: Date;
  to?: Date;
}

export interface DurationRow {
  count: number;
  mean: number | null;
  p90: number | null;
}

export interface StatusSeverityCount {
  status: string;
  severity: string;
  count: number;
}

export interface UnresolvedCount extends StatusSeverityCount {
  service_id: string | null;
}

const IN_RANGE = '($1::timestamptz IS NULL OR created_at >= $1) AND ($2::timestamptz IS NULL OR created_at < $2)';

/** The SQL of incident stats: counts, durations and days over a creation range, and what is unresolved now. */
@Injectable()
export class IncidentStatsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async countByStatusAndSeverity(range: CreatedRange): Promise<StatusSeverityCount[]> {
    const { rows } = await this.pool.query<StatusSeverityCount>(
      `SELECT status::text, severity::text, count(*)::int AS count FROM incidents WHERE ${IN_RANGE} GROUP BY status, severity`,
      [range.from ?? null, range.to ?? null],
    );
    return rows;
  }

  /** Time from creation to `end` (acknowledged_at or resolved_at), over the incidents where it is set. */
  async durationTo(end: 'acknowledged_at' | 'resolved_at', range: CreatedRange): Promise<DurationRow> {
    const only = end === 'resolved_at' ? `status = 'RESOLVED' AND resolved_at IS NOT NULL` : 'acknowledged_at IS NOT NULL';
    const { rows } = await this.pool.query<DurationRow>(
      `SELECT count(*)::int AS count,
              avg(extract(epoch FROM ${end} - created_at))::float8 AS mean,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM ${end} - created_at))::float8 AS p90
       FROM incidents WHERE ${IN_RANGE} AND ${only}`,
      [range.from ?? null, range.to ?? null],
    );
    return rows[0]!;
  }

  /** Incidents created per UTC day and severity in [from, to). */
  async countCreatedPerDay(range: Required<CreatedRange>): Promise<{ day: Date; severity: string; count: number }[]> {
    const { rows } = await this.pool.query<{ day: Date; severity: string; count: number }>(
      // UTC days whatever the session's TimeZone: date_bin from a UTC midnight, as log stats do.
      `SELECT date_bin('1 day', created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS day, severity::text, count(*)::int AS count
       FROM incidents WHERE ${IN_RANGE} GROUP BY 1, 2`,
      [range.from, range.to],
    );
    return rows;
  }

  /** Incidents not resolved now, per service (null: opened by hand without one), status and severity; one service when given. */
  async countUnresolved(serviceId?: string): Promise<UnresolvedCount[]> {
    const { rows } = await this.pool.query<UnresolvedCount>(
      `SELECT service_id, status::text, severity::text, count(*)::int AS count FROM incidents
       WHERE status IN ('OPEN', 'ACKNOWLEDGED') AND ($1::text IS NULL OR service_id = $1)
       GROUP BY 1, 2, 3`,
      [serviceId ?? null],
    );
    return rows;
  }

  /** Unresolved incidents of every service per status and severity (at most 8 rows; for the metrics). */
  async countUnresolvedBySeverity(): Promise<StatusSeverityCount[]> {
    const { rows } = await this.pool.query<StatusSeverityCount>(
      `SELECT status::text, severity::text, count(*)::int AS count FROM incidents
       WHERE status IN ('OPEN', 'ACKNOWLEDGED') GROUP BY 1, 2`,
    );
    return rows;
  }
}
