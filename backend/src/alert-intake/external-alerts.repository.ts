import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import type { ExternalAlert } from './external-alert';

/** The external_alerts table: what the tool sent for each incident it opened. */
@Injectable()
export class ExternalAlertsRepository {
  async insert(client: Queryable, incidentId: string, alert: ExternalAlert, now: Date): Promise<void> {
    await client.query(
      `INSERT INTO external_alerts (incident_id, source, fingerprint, labels, annotations, generator_url, starts_at, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8)`,
      [
        incidentId,
        alert.source,
        alert.fingerprint,
        JSON.stringify(alert.labels),
        JSON.stringify(alert.annotations),
        alert.generatorUrl,
        alert.startsAt,
        now,
      ],
    );
  }
}
