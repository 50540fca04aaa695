import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { PrismaService } from '../database/prisma.service';
import type { DeliveryStatus } from '../generated/prisma/enums';
import { CIRCUIT_FAILURE_THRESHOLD } from './channel-circuit';
import type { ClaimedDelivery } from './claimed-delivery';
import { ContactPageClaims } from './contact-page-claims';

export type { ClaimedChannel, ClaimedContactMethod, ClaimedDelivery } from './claimed-delivery';

/**
 * The delivery queue in SQL. Every statement is safe to run from several app instances at
 * once: rows are taken with FOR UPDATE SKIP LOCKED, and every outcome is written only if the
 * claim is still ours (`attempts` is the fencing token: a later claim has incremented it).
 * The fan-out and the claim read `outbox_events` (owned by the outbox module) inside their
 * one statement: taking the events and marking them dispatched must be one transaction.
 */
@Injectable()
export class DeliveriesRepository {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly prisma: PrismaService,
    private readonly contactPages: ContactPageClaims,
  ) {}

  /** A channel's deliveries, newest first, with the type and incident of their event; and how many match in all. */
  async listForChannel(channelId: string, status: DeliveryStatus | undefined, offset: number, limit: number) {
    const where = { channelId, ...(status ? { status } : {}) };
    const [rows, total] = await Promise.all([
      this.prisma.notificationDelivery.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        skip: offset,
        take: limit,
        include: { event: { select: { type: true, incidentId: true } } },
      }),
      this.prisma.notificationDelivery.count({ where }),
    ]);
    return { rows, total };
  }

  /**
   * Fans undispatched outbox events out into one PENDING delivery per enabled channel that
   * subscribes to the event type and whose min_severity the incident reaches, and marks the
   * events dispatched: one statement, so one transaction. Returns how many events it took.
   *
   * Events of an incident a silence holds get no delivery, whatever their type (so event
   * types added later are held too): `silence_hold` (the silences feature's SQL interface)
   * decides and records the hold in this same transaction, and the silences scheduler
   * notifies the incident when the silence ends. Live updates read the outbox, not this.
   * An `incident.escalated` event is addressed instead: it goes to the enabled channels in
   * its data.channel_ids (whatever they subscribe to) and to every verified contact method of
   * the users in data.user_ids. That part reads `contact_methods` (owned by the
   * contact-methods module) for the same reason as `outbox_events`: one transaction.
   * (`jsonb ? text` is false on a missing or malformed list: a bad event pages nobody
   * rather than stopping the fan-out of every event after it.)
   */
  async dispatchPending(limit: number): Promise<{ events: number; deliveries: number; held: number }> {
    const { rows } = await this.pool.query<{ events: number; deliveries: number; held: number }>(
      `WITH picked AS (
         SELECT id FROM outbox_events WHERE dispatched_at IS NULL
         ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
       ), held AS (
         SELECT o.id FROM picked p JOIN outbox_events o ON o.id = p.id
         WHERE o.incident_id IS NOT NULL AND silence_hold(o.incident_id, o.payload -> 'incident', now()) IS NOT NULL
       ), fanned_out AS (
         INSERT INTO notification_deliveries (id, event_id, channel_id, next_attempt_at, created_at, updated_at)
         SELECT gen_random_uuid(), o.id, c.id, now(), now(), now()
         FROM picked p
         JOIN outbox_events o ON o.id = p.id AND o.id NOT IN (SELECT id FROM held)
         JOIN notification_channels c ON c.enabled AND CASE
           WHEN o.type = 'incident.escalated' THEN coalesce(o.payload #> '{data,channel_ids}' ? c.id::text, false)
           ELSE o.type = ANY (c.events)
             AND CASE WHEN o.payload #>> '{incident,severity}' IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')
                      THEN (o.payload #>> '{incident,severity}')::"Severity" END >= c.min_severity
           END
         ON CONFLICT (event_id, channel_id) DO NOTHING
         RETURNING 1
       ), paged AS (
         INSERT INTO notification_deliveries (id, event_id, contact_method_id, next_attempt_at, created_at, updated_at)
         SELECT gen_random_uuid(), o.id, m.id, now(), now(), now()
         FROM picked p
         JOIN outbox_events o ON o.id = p.id AND o.type = 'incident.escalated' AND o.id NOT IN (SELECT id FROM held)
         JOIN contact_methods m ON m.verified_at IS NOT NULL AND coalesce(o.payload #> '{data,user_ids}' ? m.user_id::text, false)
         ON CONFLICT (event_id, contact_method_id) DO NOTHING
         RETURNING 1
       ), marked AS (
         UPDATE outbox_events SET dispatched_at = now() WHERE id IN (SELECT id FROM picked) RETURNING 1
       )
       SELECT (SELECT count(*) FROM marked)::int AS events,
              (SELECT count(*) FROM fanned_out)::int + (SELECT count(*) FROM paged)::int AS deliveries,
              (SELECT count(*) FROM held)::int AS held`,
      [limit],
    );
    return rows[0] ?? { events: 0, deliveries: 0, held: 0 };
  }

  /**
   * Takes up to `limit` due deliveries for `lockSeconds` and counts the attempt, at most
   * `perChannel` in flight for any channel (those claimed and not finished, on every
   * instance, count), one for a channel whose circuit is half-open, none for a paused one.
   * So a receiver that never answers holds only its own channel's slots. Two instances
   * claiming at the same instant may each take a channel's last free slot (briefly one over).
   */
  async claimDue(limit: number, perChannel: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
    const channelClaims = await this.claimDueForChannels(limit, perChannel, lockSeconds);
    if (channelClaims.length >= limit) return channelClaims;
    return [...channelClaims, ...(await this.contactPages.claimDue(limit - channelClaims.length, lockSeconds))];
  }

  private async claimDueForChannels(limit: number, perChannel: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query(
      `WITH picked AS (
         SELECT due.id
         FROM notification_channels c
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n FROM notification_deliveries b
           WHERE b.channel_id = c.id AND b.status = 'PENDING' AND b.locked_until > now()
         ) in_flight
         CROSS JOIN LATERAL (
           SELECT d.id, d.next_attempt_at FROM notification_deliveries d
           WHERE d.channel_id = c.id AND d.status = 'PENDING' AND d.next_attempt_at <= now()
             AND (d.locked_until IS NULL OR d.locked_until <= now())
           ORDER BY d.next_attempt_at
           LIMIT greatest(0, (CASE WHEN c.consecutive_failures >= $4 THEN 1 ELSE $2 END) - in_flight.n)
           FOR UPDATE OF d SKIP LOCKED
         ) due
         WHERE c.paused_until IS NULL OR c.paused_until <= now()
         ORDER BY due.next_attempt_at
         LIMIT $1
       ), claimed AS (
         UPDATE notification_deliveries d
         SET locked_until = now() + make_interval(secs => $3), attempts = d.attempts + 1, updated_at = now()
         WHERE d.id IN (SELECT id FROM picked)
         RETURNING d.id, d.attempts, d.event_id, d.channel_id
       )
       SELECT cl.id, cl.attempts, cl.event_id, o.type AS event_type, o.incident_id, o.payload,
              c.id AS channel_id, c.name, c.type, c.url, c.secret, c.recipients, c.enabled
       FROM claimed cl
       JOIN outbox_events o ON o.id = cl.event_id
       JOIN notification_channels c ON c.id = cl.channel_id`,
      [limit, perChannel, lockSeconds, CIRCUIT_FAILURE_THRESHOLD],
    );
    return rows.map((row) => ({
      id: row.id,
      attempts: row.attempts,
      eventId: row.event_id,
      eventType: row.event_type,
      incidentId: row.incident_id,
      payload: row.payload,
      channel: {
        id: row.channel_id,
        name: row.name,
        type: row.type,
        url: row.url,
        secret: row.secret,
        recipients: row.recipients ?? [],
        enabled: row.enabled,
      },
      contactMethod: null,
    }));
  }

  /**
   * True when the outcome was recorded (false: the claim had expired and someone else owns
   * it). The channel works: its circuit closes (no write when it was closed already).
   */
  async markDelivered(claim: ClaimedDelivery, statusCode: number): Promise<boolean> {
    const { rows } = await this.pool.query<{ finished: number }>(
      `WITH finished AS (
         UPDATE notification_deliveries
         SET status = 'DELIVERED', delivered_at = now(), last_status_code = $3, last_error = NULL, locked_until = NULL, updated_at = now()
         WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
         RETURNING channel_id
       ), closed AS (
         UPDATE notification_channels c SET consecutive_failures = 0, paused_until = NULL
         FROM finished f WHERE c.id = f.channel_id AND (c.consecutive_failures > 0 OR c.paused_until IS NOT NULL)
       )
       SELECT count(*)::int AS finished FROM finished`,
      [claim.id, claim.attempts, statusCode],
    );
    return rows[0]!.finished === 1;
  }

  /**
   * One more failed attempt in a row for the channel; returns how many there are now, or
   * undefined while the channel is paused: an attempt that was already in flight when the
   * circuit opened says nothing new, and counting it would lengthen the pause for nothing
   * (16 attempts timing out together would otherwise make the first pause the longest).
   */
  async countChannelFailure(channelId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ failures: number }>(
      `UPDATE notification_channels SET consecutive_failures = consecutive_failures + 1
       WHERE id = $1 AND (paused_until IS NULL OR paused_until <= now())
       RETURNING consecutive_failures AS failures`,
      [channelId],
    );
    return rows[0]?.failures;
  }

  /** No attempt for the channel before `pauseMs` from now (a pause already longer is kept). */
  async pauseChannel(channelId: string, pauseMs: number): Promise<void> {
    await this.pool.query(
      `UPDATE notification_channels
       SET paused_until = greatest(paused_until, now() + make_interval(secs => $2::double precision / 1000))
       WHERE id = $1`,
      [channelId, pauseMs],
    );
  }

  async scheduleRetry(claim: ClaimedDelivery, delayMs: number, error: string, statusCode: number | undefined): Promise<boolean> {
    return this.finish(
      claim,
      `next_attempt_at = now() + make_interval(secs => $3::double precision / 1000), last_error = $4, last_status_code = $5, locked_until = NULL`,
      [delayMs, error.slice(0, 1000), statusCode ?? null],
    );
  }

  async markFailed(claim: ClaimedDelivery, error: string, statusCode: number | undefined): Promise<boolean> {
    return this.finish(claim, `status = 'FAILED', last_error = $3, last_status_code = $4, locked_until = NULL`, [
      error.slice(0, 1000),
      statusCode ?? null,
    ]);
  }

  /** Gives a claim back at once (shutdown): the next worker, here or elsewhere, retries it. */
  async release(claim: ClaimedDelivery, error: string): Promise<boolean> {
    return this.finish(claim, `locked_until = NULL, next_attempt_at = now(), last_error = $3`, [error]);
  }

  private async finish(claim: ClaimedDelivery, assignments: string, values: unknown[]): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notification_deliveries SET ${assignments}, updated_at = now()
       WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
      [claim.id, claim.attempts, ...values],
    );
    return result.rowCount === 1;
  }
}
