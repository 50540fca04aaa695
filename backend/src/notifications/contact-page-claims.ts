import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { ClaimedDelivery } from './claimed-delivery';

/** The delivery queue's claim of pages to people (rows with contact_method_id), apart from the per-channel claim. */
@Injectable()
export class ContactPageClaims {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Due pages to people's contact methods (incident.escalated). No per-target slot limit or
   * circuit: each method gets one delivery per page, so there is no queue behind a slow one.
   * Reads `contact_methods` and `users` in the same statement as the claim (see dispatchPending).
   */
  async claimDue(limit: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query(
      `WITH picked AS (
         SELECT d.id FROM notification_deliveries d
         WHERE d.contact_method_id IS NOT NULL AND d.status = 'PENDING' AND d.next_attempt_at <= now()
           AND (d.locked_until IS NULL OR d.locked_until <= now())
         ORDER BY d.next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE notification_deliveries d
         SET locked_until = now() + make_interval(secs => $2), attempts = d.attempts + 1, updated_at = now()
         WHERE d.id IN (SELECT id FROM picked)
         RETURNING d.id, d.attempts, d.event_id, d.contact_method_id
       )
       SELECT cl.id, cl.attempts, cl.event_id, o.type AS event_type, o.incident_id, o.payload,
              m.id AS method_id, u.email AS user_email, m.type AS method_type, m.label, m.address,
              m.verified_at IS NOT NULL AS verified,
              s.id AS slack_id, s.url AS slack_url, s.secret AS slack_secret, s.enabled AS slack_enabled
       FROM claimed cl
       JOIN outbox_events o ON o.id = cl.event_id
       JOIN contact_methods m ON m.id = cl.contact_method_id
       JOIN users u ON u.id = m.user_id
       LEFT JOIN notification_channels s ON s.id = m.slack_channel_id`,
      [limit, lockSeconds],
    );
    return rows.map((row) => ({
      id: row.id,
      attempts: row.attempts,
      eventId: row.event_id,
      eventType: row.event_type,
      incidentId: row.incident_id,
      payload: row.payload,
      channel: null,
      contactMethod: {
        id: row.method_id,
        userEmail: row.user_email,
        type: row.method_type,
        label: row.label,
        address: row.address,
        verified: row.verified,
        slackChannel: row.slack_id ? { id: row.slack_id, url: row.slack_url, secret: row.slack_secret, enabled: row.slack_enabled } : null,
      },
    }));
  }
}
