import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { Queryable } from '../database/pg-transaction';
import type { Severity } from '../generated/prisma/enums';
import type { SilenceState } from './dto/list-silences.query';
import type { Window } from './silence-windows';

export interface NewSilence {
  id: string;
  servicePattern: string | null;
  serviceRegex: string | null;
  ruleId: string | null;
  minSeverity: Severity | null;
  titleContains: string | null;
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdById: string;
  recurrence: { rrule: string; startTime: string; durationMinutes: number; timeZone: string } | null;
}

export interface SilenceRow {
  id: string;
  service_pattern: string | null;
  rule_id: string | null;
  min_severity: Severity | null;
  title_contains: string | null;
  starts_at: Date;
  ends_at: Date;
  comment: string;
  created_by_id: string;
  created_at: Date;
  expired_at: Date | null;
  rrule: string | null;
  start_time: string | null;
  duration_minutes: number | null;
  time_zone: string | null;
  state: SilenceState;
}

/** A hold taken FOR UPDATE by the scheduler, with what the timeline says about its silence. */
export interface ClaimedHold {
  id: string;
  incident_id: string;
  silence_id: string;
  comment: string;
  expired_at: Date | null;
}

/** Upcoming windows listed per silence. */
export const UPCOMING_WINDOWS = 10;

const STATE_SQL = `CASE
  WHEN EXISTS (SELECT 1 FROM silence_windows w WHERE w.silence_id = s.id AND w.starts_at <= $1 AND w.ends_at > $1) THEN 'active'
  WHEN EXISTS (SELECT 1 FROM silence_windows w WHERE w.silence_id = s.id AND w.starts_at > $1) THEN 'pending'
  ELSE 'expired' END`;

const SILENCE_COLUMNS = `s.id, s.service_pattern, s.rule_id, s.min_severity::text AS min_severity, s.title_contains, s.starts_at, s.ends_at,
  s.comment, s.created_by_id, s.created_at, s.expired_at, s.rrule, s.start_time, s.duration_minutes, s.time_zone`;

/** The SQL of `silences`, `silence_windows` and `silence_holds`. */
@Injectable()
export class SilencesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async insert(client: Queryable, silence: NewSilence, windows: Window[]): Promise<void> {
    await client.query(
      `INSERT INTO silences (id, service_pattern, service_regex, rule_id, min_severity, title_contains, starts_at, ends_at, comment,
                             created_by_id, rrule, start_time, duration_minutes, time_zone, created_at)
       VALUES ($1, $2, $3, $4, $5::"Severity", $6, $7, $8, $9, $10, $11, $12, $13, $14, now())`,
      [
        silence.id,
        silence.servicePattern,
        silence.serviceRegex,
        silence.ruleId,
        silence.minSeverity,
        silence.titleContains,
        silence.startsAt,
        silence.endsAt,
        silence.comment,
        silence.createdById,
        silence.recurrence?.rrule ?? null,
        silence.recurrence?.startTime ?? null,
        silence.recurrence?.durationMinutes ?? null,
        silence.recurrence?.timeZone ?? null,
      ],
    );
    await client.query(
      `INSERT INTO silence_windows (silence_id, starts_at, ends_at)
       SELECT $1, starts, ends FROM unnest($2::timestamptz[], $3::timestamptz[]) AS w(starts, ends)`,
      [silence.id, windows.map((w) => w.startsAt), windows.map((w) => w.endsAt)],
    );
  }

  /** Silences in `state` at `at` (all when undefined), newest first. */
  async list(at: Date, state: SilenceState | undefined, limit: number): Promise<SilenceRow[]> {
    const { rows } = await this.pool.query<SilenceRow>(
      `SELECT * FROM (SELECT ${SILENCE_COLUMNS}, ${STATE_SQL} AS state FROM silences s) s
       WHERE $2::text IS NULL OR s.state = $2
       ORDER BY s.created_at DESC, s.id DESC LIMIT $3`,
      [at, state ?? null, limit],
    );
    return rows;
  }

  async find(id: string, at: Date, client: Queryable = this.pool): Promise<SilenceRow | undefined> {
    const { rows } = await client.query<SilenceRow>(`SELECT ${SILENCE_COLUMNS}, ${STATE_SQL} AS state FROM silences s WHERE s.id = $2`, [
      at,
      id,
    ]);
    return rows[0];
  }

  /** Per silence, up to UPCOMING_WINDOWS windows not yet over at `at`, earliest first. */
  async upcomingWindows(ids: string[], at: Date): Promise<Map<string, Window[]>> {
    const { rows } = await this.pool.query<{ silence_id: string; starts_at: Date; ends_at: Date }>(
      `SELECT silence_id, starts_at, ends_at FROM (
         SELECT w.*, row_number() OVER (PARTITION BY silence_id ORDER BY starts_at) AS n
         FROM silence_windows w WHERE w.silence_id = ANY ($1::uuid[]) AND w.ends_at > $2
       ) w WHERE n <= ${UPCOMING_WINDOWS} ORDER BY silence_id, starts_at`,
      [ids, at],
    );
    const windows = new Map<string, Window[]>();
    for (const row of rows) {
      const list = windows.get(row.silence_id) ?? [];
      list.push({ startsAt: row.starts_at, endsAt: row.ends_at });
      windows.set(row.silence_id, list);
    }
    return windows;
  }

  /** Locks the silence (FOR UPDATE) for an early expiry. */
  async lock(client: Queryable, id: string): Promise<boolean> {
    const { rowCount } = await client.query('SELECT 1 FROM silences WHERE id = $1 FOR UPDATE', [id]);
    return rowCount === 1;
  }

  /** Ends the silence at `at`: the open window is cut there, later ones are removed. */
  async expire(client: Queryable, id: string, userId: string, at: Date): Promise<void> {
    await client.query('DELETE FROM silence_windows WHERE silence_id = $1 AND starts_at >= $2', [id, at]);
    await client.query('UPDATE silence_windows SET ends_at = $2 WHERE silence_id = $1 AND ends_at > $2', [id, at]);
    await client.query('UPDATE silences SET expired_at = $2, expired_by_id = $3 WHERE id = $1', [id, at, userId]);
  }

  /**
   * The silence holding each of these incidents at `at` (facts: id, service_id, rule_id,
   * severity, title), recording the holds: incident id -> silence id, only for the held ones.
   * One statement for the lot, run on the caller's transaction (the escalation runner's batch).
   */
  async holdingSilences(
    client: Queryable,
    incidents: Array<Record<string, unknown> & { id: string }>,
    at: Date,
  ): Promise<Map<string, string>> {
    const { rows } = await client.query<{ incident_id: string; silence_id: string | null }>(
      `SELECT i.facts->>'id' AS incident_id, silence_hold((i.facts->>'id')::uuid, i.facts, $2) AS silence_id
         FROM jsonb_array_elements($1::jsonb) AS i(facts)`,
      [JSON.stringify(incidents), at],
    );
    return new Map(rows.flatMap((row) => (row.silence_id ? [[row.incident_id, row.silence_id] as const] : [])));
  }

  /** New holds whose "held by" is not on the timeline yet; locked, skipped by other instances. */
  async claimUnjournaled(client: PoolClient, limit: number): Promise<ClaimedHold[]> {
    const { rows } = await client.query<ClaimedHold>(
      `SELECT h.id, h.incident_id, h.silence_id, s.comment, s.expired_at
       FROM silence_holds h JOIN silences s ON s.id = h.silence_id
       WHERE h.journaled_at IS NULL ORDER BY h.held_at LIMIT $1 FOR UPDATE OF h SKIP LOCKED`,
      [limit],
    );
    return rows;
  }

  async markJournaled(client: Queryable, holdId: string, at: Date): Promise<void> {
    await client.query('UPDATE silence_holds SET journaled_at = $2 WHERE id = $1', [holdId, at]);
  }

  /**
   * Open, journaled holds whose silence has no window open at `at`; locked, skipped by other
   * instances. The lock re-checks `released_at IS NULL`, so a hold is released exactly once.
   */
  async claimEnded(client: PoolClient, at: Date, limit: number): Promise<ClaimedHold[]> {
    const { rows } = await client.query<ClaimedHold>(
      `SELECT h.id, h.incident_id, h.silence_id, s.comment, s.expired_at
       FROM silence_holds h JOIN silences s ON s.id = h.silence_id
       WHERE h.released_at IS NULL AND h.journaled_at IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM silence_windows w WHERE w.silence_id = h.silence_id AND w.starts_at <= $1 AND w.ends_at > $1)
       ORDER BY h.held_at LIMIT $2 FOR UPDATE OF h SKIP LOCKED`,
      [at, limit],
    );
    return rows;
  }

  async markReleased(client: Queryable, holdId: string, outcome: string, at: Date): Promise<void> {
    await client.query('UPDATE silence_holds SET released_at = $2, outcome = $3 WHERE id = $1', [holdId, at, outcome]);
  }
}
