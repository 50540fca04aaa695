import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { pageOffset } from '../common/paging';
import { PG_POOL } from '../database/pg-pool';
import type { EvidenceLogDto } from './dto/evidence-log.dto';
import type { TimelineRow } from './dto/timeline-entry.dto';
import { incidentColumns, type IncidentRow } from './incident-row';
import { incidentOrderBy, type IncidentSort } from './incident-sort';
import type { Queryable } from '../database/pg-transaction';

export interface IncidentFilter {
  status?: string;
  severity?: string;
  serviceId?: string;
  from?: Date;
  to?: Date;
  /** Held by a silence (an open hold: incident_silenced_by, from the silences migration). */
  silenced?: boolean;
}

export interface Page {
  page: number;
  limit: number;
}

/** Columns a change may set; anything else in an update is a programming error. */
export type IncidentChanges = Partial<
  Pick<
    IncidentRow,
    'title' | 'description' | 'severity' | 'status' | 'assignee_id' | 'acknowledged_at' | 'resolved_at' | 'resolution' | 'root_cause'
  >
>;

export type NewIncident = Pick<IncidentRow, 'id' | 'title' | 'description' | 'severity' | 'service_id' | 'created_by'> &
  Partial<Pick<IncidentRow, 'rule_id' | 'fingerprint' | 'previous_incident_id' | 'source'>>;

/** The incident as the analysis reads it (camelCase, times as Date). */
export interface IncidentFacts {
  id: string;
  title: string;
  description: string | null;
  severity: string;
  status: string;
  serviceId: string | null;
  ruleId: string | null;
  logCount: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  createdAt: Date;
}

/** How many logs are linked to an incident, and the time range they cover. */
export interface LinkedExtent {
  count: number;
  oldest: Date | null;
  newest: Date | null;
}

/** The SQL of the incident lifecycle. Every method that changes data takes the transaction's client. */
@Injectable()
export class IncidentsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async insert(client: Queryable, incident: NewIncident, now: Date): Promise<IncidentRow> {
    const { rows } = await client.query<IncidentRow>(
      `INSERT INTO incidents (id, title, description, severity, status, service_id, rule_id, fingerprint, previous_incident_id,
                              created_by, source, log_count, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'OPEN', $5, $6, $7, $8, $9, $11, 0, $10, $10)
       RETURNING ${incidentColumns()}`,
      [
        incident.id,
        incident.title,
        incident.description,
        incident.severity,
        incident.service_id,
        incident.rule_id ?? null,
        incident.fingerprint ?? null,
        incident.previous_incident_id ?? null,
        incident.created_by,
        now,
        incident.source ?? 'detection',
      ],
    );
    return rows[0]!;
  }

  /** The incident, locked until the transaction ends so concurrent changes take turns. */
  async lock(client: Queryable, id: string): Promise<IncidentRow | undefined> {
    const { rows } = await client.query<IncidentRow>(`SELECT ${incidentColumns()} FROM incidents WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /**
   * Of these incidents, the ones nobody else is changing right now, locked until the
   * transaction ends; the others are skipped rather than waited for (the escalation
   * scheduler retries them on its next tick instead of queueing behind a person's change).
   */
  async lockAvailable(client: Queryable, ids: string[]): Promise<IncidentRow[]> {
    const { rows } = await client.query<IncidentRow>(
      `SELECT ${incidentColumns()} FROM incidents WHERE id = ANY ($1::uuid[]) FOR UPDATE SKIP LOCKED`,
      [ids],
    );
    return rows;
  }

  async update(client: Queryable, id: string, changes: IncidentChanges, now: Date): Promise<IncidentRow> {
    const entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    const assignments = entries.map(([column], index) => `${column} = $${index + 3}`);
    const { rows } = await client.query<IncidentRow>(
      `UPDATE incidents SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1 RETURNING ${incidentColumns()}`,
      [id, now, ...entries.map(([, value]) => value)],
    );
    return rows[0]!;
  }

  async findOpenByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    const { rows } = await client.query<IncidentRow>(
      `SELECT ${incidentColumns()} FROM incidents WHERE fingerprint = $1 AND status <> 'RESOLVED'`,
      [fingerprint],
    );
    return rows[0];
  }

  async findDetail(
    id: string,
  ): Promise<(IncidentRow & { rule_name: string | null; timeline_count: number; silenced_by: string | null }) | undefined> {
    const { rows } = await this.pool.query<IncidentRow & { rule_name: string | null; timeline_count: number; silenced_by: string | null }>(
      `SELECT ${incidentColumns('i')}, r.name AS rule_name, incident_silenced_by(i.id) AS silenced_by,
              (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id) AS timeline_count
       FROM incidents i LEFT JOIN detection_rules r ON r.id = i.rule_id
       WHERE i.id = $1`,
      [id],
    );
    return rows[0];
  }

  async exists(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM incidents WHERE id = $1', [id]);
    return rowCount === 1;
  }

  async list(
    filter: IncidentFilter,
    sort: IncidentSort,
    page: Page,
  ): Promise<{ rows: (IncidentRow & { rule_name: string | null })[]; total: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.status) add('i.status = ?::"IncidentStatus"', filter.status);
    if (filter.severity) add('i.severity = ?::"Severity"', filter.severity);
    if (filter.serviceId) add('i.service_id = ?', filter.serviceId);
    if (filter.from) add('i.created_at >= ?', filter.from);
    if (filter.to) add('i.created_at < ?', filter.to);
    if (filter.silenced !== undefined) add('(incident_silenced_by(i.id) IS NOT NULL) = ?', filter.silenced);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [list, count] = await Promise.all([
      this.pool.query<IncidentRow & { rule_name: string | null }>(
        `SELECT ${incidentColumns('i')}, r.name AS rule_name
         FROM incidents i LEFT JOIN detection_rules r ON r.id = i.rule_id
         ${where}
         ORDER BY ${incidentOrderBy(sort)}
         LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, page.limit, pageOffset(page.page, page.limit)],
      ),
      this.pool.query<{ total: number }>(`SELECT count(*)::int AS total FROM incidents i ${where}`, params),
    ]);
    return { rows: list.rows, total: count.rows[0]!.total };
  }

  /** The incident's newest timeline entry, inside the transaction that wrote it. */
  async latestTimelineEntry(client: Queryable, incidentId: string): Promise<TimelineRow> {
    const { rows } = await client.query<TimelineRow>(
      `SELECT e.id::text AS id, e.incident_id, e.type, e.actor, e.actor_user_id, e.body, e.before, e.after, e.created_at
       FROM incident_events e WHERE e.incident_id = $1 ORDER BY e.id DESC LIMIT 1`,
      [incidentId],
    );
    return rows[0]!;
  }

  async timeline(incidentId: string, page: Page): Promise<{ rows: TimelineRow[]; total: number }> {
    const [list, count] = await Promise.all([
      this.pool.query<TimelineRow>(
        // Ordered by the bigint column, not by the text alias of the same name.
        `SELECT e.id::text AS id, e.incident_id, e.type, e.actor, e.actor_user_id, e.body, e.before, e.after, e.created_at
         FROM incident_events e WHERE e.incident_id = $1 ORDER BY e.id LIMIT $2 OFFSET $3`,
        [incidentId, page.limit, pageOffset(page.page, page.limit)],
      ),
      this.pool.query<{ total: number }>('SELECT count(*)::int AS total FROM incident_events WHERE incident_id = $1', [incidentId]),
    ]);
    return { rows: list.rows, total: count.rows[0]!.total };
  }

  /** Linked logs in event-time order. The join carries `log_ts` so each lookup hits one partition. */
  async evidence(incidentId: string, page: Page): Promise<{ rows: EvidenceLogDto[]; total: number }> {
    const [list, count] = await Promise.all([
      this.pool.query<EvidenceLogDto>(
        `SELECT il.log_id::text AS id, to_char(il.log_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS timestamp,
                l.service_id, l.level, l.message, l.metadata
         FROM incident_logs il
         LEFT JOIN logs l ON l."timestamp" = il.log_ts AND l.id = il.log_id
         WHERE il.incident_id = $1
         ORDER BY il.log_ts, il.log_id
         LIMIT $2 OFFSET $3`,
        [incidentId, page.limit, pageOffset(page.page, page.limit)],
      ),
      this.pool.query<{ total: number }>('SELECT count(*)::int AS total FROM incident_logs WHERE incident_id = $1', [incidentId]),
    ]);
    return { rows: list.rows, total: count.rows[0]!.total };
  }

  /** For the analysis: the incident's facts, with their own names. */
  async findFacts(id: string): Promise<IncidentFacts | null> {
    const { rows } = await this.pool.query<IncidentFacts>(
      `SELECT id, title, description, severity::text AS "severity", status::text AS "status", service_id AS "serviceId",
              rule_id AS "ruleId", log_count AS "logCount", first_seen_at AS "firstSeenAt", last_seen_at AS "lastSeenAt",
              acknowledged_at AS "acknowledgedAt", resolved_at AS "resolvedAt", created_at AS "createdAt"
         FROM incidents WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** How many logs are linked, and the time range they cover (which bounds a join with logs). */
  async linkedLogsExtent(incidentId: string): Promise<LinkedExtent> {
    const { rows } = await this.pool.query<LinkedExtent>(
      'SELECT count(*)::int AS count, min(log_ts) AS "oldest", max(log_ts) AS "newest" FROM incident_logs WHERE incident_id = $1',
      [incidentId],
    );
    return rows[0]!;
  }

  /** Linked logs per bucket of `bucketSeconds` counted from `from`. */
  async countLinkedLogsPerBucket(
    incidentId: string,
    from: Date,
    to: Date,
    bucketSeconds: number,
  ): Promise<Array<{ bucket: number; count: number }>> {
    const { rows } = await this.pool.query<{ bucket: number; count: number }>(
      `SELECT floor(extract(epoch FROM log_ts - $2::timestamptz) / $4)::int AS bucket, count(*)::int AS count
         FROM incident_logs
        WHERE incident_id = $1 AND log_ts >= $2 AND log_ts < $3
        GROUP BY 1`,
      [incidentId, from, to, bucketSeconds],
    );
    return rows;
  }
}
