import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import { incidentColumns, type IncidentRow } from './incident-row';

/** The SQL detection's incident work needs, always on the client of detection's transaction. */
@Injectable()
export class DetectedIncidentsRepository {
  /** With the resolution time of each one's previous incident. */
  async findUnresolvedForRule(client: Queryable, ruleId: string): Promise<(IncidentRow & { previous_resolved_at: Date | null })[]> {
    const { rows } = await client.query<IncidentRow & { previous_resolved_at: Date | null }>(
      `SELECT ${incidentColumns('i')}, p.resolved_at AS previous_resolved_at
       FROM incidents i LEFT JOIN incidents p ON p.id = i.previous_incident_id
       WHERE i.status IN ('OPEN', 'ACKNOWLEDGED') AND i.rule_id = $1`,
      [ruleId],
    );
    return rows;
  }

  async findLatestByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    const { rows } = await client.query<IncidentRow>(
      `SELECT ${incidentColumns()} FROM incidents WHERE fingerprint = $1 ORDER BY created_at DESC LIMIT 1`,
      [fingerprint],
    );
    return rows[0];
  }

  /** The unresolved incident with this fingerprint, locked so that a person's concurrent change waits. */
  async lockUnresolvedByFingerprint(client: Queryable, fingerprint: string): Promise<IncidentRow | undefined> {
    const { rows } = await client.query<IncidentRow>(
      `SELECT ${incidentColumns()} FROM incidents WHERE fingerprint = $1 AND status IN ('OPEN', 'ACKNOWLEDGED') FOR UPDATE`,
      [fingerprint],
    );
    return rows[0];
  }

  /** The incident's last 'opened' or 'logs_attached' timeline entry: when it was, and the log count it recorded. */
  async lastLogCountEntry(
    client: Queryable,
    incidentId: string,
  ): Promise<{ created_at: Date; after: { log_count?: number } | null } | undefined> {
    const { rows } = await client.query<{ created_at: Date; after: { log_count?: number } | null }>(
      `SELECT created_at, after FROM incident_events
       WHERE incident_id = $1 AND type IN ('opened', 'logs_attached') ORDER BY id DESC LIMIT 1`,
      [incidentId],
    );
    return rows[0];
  }

  /** The rule's unresolved incidents with no matching log and no change since `quietSince`, locked. */
  async lockQuietForRule(client: Queryable, ruleId: string, quietSince: Date): Promise<IncidentRow[]> {
    const { rows } = await client.query<IncidentRow>(
      `SELECT ${incidentColumns()} FROM incidents
       WHERE status IN ('OPEN', 'ACKNOWLEDGED') AND rule_id = $1
         AND GREATEST(last_seen_at, updated_at) < $2
       FOR UPDATE`,
      [ruleId, quietSince],
    );
    return rows;
  }
}
