import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Client } from 'pg';
import { DeliveryWorker } from '../src/notifications/delivery-worker';
import { OutboxRetentionScheduler } from '../src/outbox/outbox-retention.scheduler';
import { OutboxRetentionService } from '../src/outbox/outbox-retention.service';
import { writeOutboxEvent } from './support/outbox';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

const ENV = { ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_RETRY_BASE_MS: '100', NOTIFY_HISTORY_RETENTION_DAYS: '7' };

describe('notification history retention (NOTIFY_HISTORY_RETENTION_DAYS=7)', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let ok: { id: string };
  let gone: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ env: ENV, proxy: true });
    receiver = await new WebhookReceiver().start();
    // 404 is final at once: a FAILED delivery without waiting for retries.
    receiver.respond = ({ path }) => (path === '/gone' ? 404 : 200);
    ok = await addChannel('ok', receiver.url('/ok'));
    gone = await addChannel('gone', receiver.url('/gone'));
  });
  afterAll(async () => {
    await receiver?.stop();
    await t?.close();
  });

  async function addChannel(name: string, url: string): Promise<{ id: string }> {
    const response = await t.request('POST', '/notification-channels', { token: t.tokens.admin, body: { name, type: 'WEBHOOK', url } });
    expect(response.status).toBe(201);
    return response.body;
  }
  const retention = () => t.app.get(OutboxRetentionService);
  const deliveryStatuses = async (eventId: string) =>
    (await t.pool.query(`SELECT status FROM notification_deliveries WHERE event_id = $1 ORDER BY status`, [eventId])).rows.map(
      (row) => row.status as string,
    );
  const eventExists = async (eventId: string) =>
    (await t.pool.query(`SELECT 1 FROM outbox_events WHERE id = $1`, [eventId])).rowCount === 1;
  const channelHistory = async (channelId: string) =>
    (await t.request('GET', `/notification-channels/${channelId}/deliveries?page_size=100`, { token: t.tokens.admin })).body;

  /** As if it had all happened `days` ago: the event, its dispatch and its deliveries' outcomes. */
  async function age(eventId: string, days: number): Promise<void> {
    await t.pool.query(
      `UPDATE outbox_events SET created_at = now() - make_interval(days => $2), dispatched_at = now() - make_interval(days => $2)
        WHERE id = $1 AND dispatched_at IS NOT NULL`,
      [eventId, days],
    );
    await t.pool.query(
      `UPDATE notification_deliveries SET created_at = now() - make_interval(days => $2), updated_at = now() - make_interval(days => $2),
              delivered_at = CASE WHEN delivered_at IS NULL THEN NULL ELSE now() - make_interval(days => $2) END
        WHERE event_id = $1`,
      [eventId, days],
    );
  }

  it('runs every hour, at half past', () => {
    const job = t.app.get(SchedulerRegistry).getCronJob('notification-history-retention');
    expect(job.cronTime.source).toBe('0 30 * * * *');
  });

  it('removes finished notifications older than 7 days with their deliveries, and keeps pending, undispatched and recent ones', async () => {
    // Real deliveries through the worker: one delivered to `ok` and failed at `gone` per event.
    const oldEvent = await writeOutboxEvent(t.pool, { title: 'old, finished' });
    const recentEvent = await writeOutboxEvent(t.pool, { title: 'recent, finished' });
    const lateFinish = await writeOutboxEvent(t.pool, { title: 'old, but its last delivery finished yesterday' });
    for (const event of [oldEvent, recentEvent, lateFinish]) {
      await eventually(async () => (await deliveryStatuses(event.id)).join() === 'DELIVERED,FAILED', 5000, `${event.id} delivered`);
    }
    await age(oldEvent.id, 8);
    await age(recentEvent.id, 6);
    await age(lateFinish.id, 8);
    await t.pool.query(
      `UPDATE notification_deliveries SET updated_at = now() - interval '1 day' WHERE event_id = $1 AND status = 'FAILED'`,
      [lateFinish.id],
    );

    // What no running worker would leave in place: an old event still being retried, an old
    // event never dispatched (all instances down for a week), an old event no channel wanted.
    await t.app.get(DeliveryWorker).onModuleDestroy();
    const retrying = await writeOutboxEvent(t.pool, { title: 'old, still retrying' });
    await t.pool.query(`UPDATE outbox_events SET dispatched_at = now() WHERE id = $1`, [retrying.id]);
    await t.pool.query(
      `INSERT INTO notification_deliveries (id, event_id, channel_id, attempts, next_attempt_at, last_error, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 9, now() + interval '20 minutes', 'HTTP 503', now())`,
      [retrying.id, ok.id],
    );
    await age(retrying.id, 30);
    const undispatched = await writeOutboxEvent(t.pool, { title: 'old, never dispatched' });
    await t.pool.query(`UPDATE outbox_events SET created_at = now() - interval '30 days' WHERE id = $1`, [undispatched.id]);
    const unwanted = await writeOutboxEvent(t.pool, { title: 'old, matched no channel' });
    await t.pool.query(`UPDATE outbox_events SET dispatched_at = now() WHERE id = $1`, [unwanted.id]);
    await age(unwanted.id, 8);

    const okHistoryBefore = await channelHistory(ok.id);
    expect(okHistoryBefore.items.map((d: { event_id: string }) => d.event_id)).toEqual(expect.arrayContaining([oldEvent.id, retrying.id]));

    const report = await retention().applyRetention();

    expect(report).toMatchObject({ ran: true, deletedEvents: 2, deletedDeliveries: 2 });
    expect(await eventExists(oldEvent.id)).toBe(false);
    expect(await deliveryStatuses(oldEvent.id)).toEqual([]);
    expect(await eventExists(unwanted.id)).toBe(false);
    expect(await deliveryStatuses(recentEvent.id)).toEqual(['DELIVERED', 'FAILED']);
    expect(await deliveryStatuses(lateFinish.id)).toEqual(['DELIVERED', 'FAILED']);
    expect(await deliveryStatuses(retrying.id)).toEqual(['PENDING']);
    expect(await eventExists(undispatched.id)).toBe(true);

    // As an SRE sees it: the old delivery left the channel's history, everything else is there.
    const okHistory = await channelHistory(ok.id);
    expect(okHistory.total).toBe(okHistoryBefore.total - 1);
    const listed = okHistory.items.map((d: { event_id: string }) => d.event_id);
    expect(listed).not.toContain(oldEvent.id);
    expect(listed).toEqual(expect.arrayContaining([recentEvent.id, lateFinish.id, retrying.id]));
    expect((await channelHistory(gone.id)).items.map((d: { event_id: string }) => d.event_id)).toEqual(
      expect.arrayContaining([recentEvent.id, lateFinish.id]),
    );

    // Nothing more to do: a second run (or another instance right after) deletes nothing.
    expect(await retention().applyRetention()).toMatchObject({ ran: true, deletedEvents: 0, deletedDeliveries: 0 });
  });

  it('works through a large backlog in batches', async () => {
    const { rows } = await t.pool.query<{ id: string }>(
      `INSERT INTO outbox_events (id, type, incident_id, payload, created_at, dispatched_at)
       SELECT gen_random_uuid(), 'incident.opened', NULL, '{}'::jsonb, now() - interval '40 days', now() - interval '40 days'
         FROM generate_series(1, 2500)
       RETURNING id`,
    );
    await t.pool.query(
      `INSERT INTO notification_deliveries (id, event_id, channel_id, status, attempts, created_at, updated_at)
       SELECT gen_random_uuid(), id, $2, 'DELIVERED', 1, now() - interval '40 days', now() - interval '40 days' FROM unnest($1::uuid[]) AS id`,
      [rows.map((row) => row.id), ok.id],
    );
    const report = await retention().applyRetention();
    expect(report).toMatchObject({ ran: true, deletedEvents: 2500, deletedDeliveries: 2500 });
    const left = await t.pool.query(`SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY ($1::uuid[])`, [
      rows.map((row) => row.id),
    ]);
    expect(left.rows[0].n).toBe(0);
  });

  it('leaves the work to the instance already doing it', async () => {
    const old = await writeOutboxEvent(t.pool);
    await t.pool.query(`UPDATE outbox_events SET dispatched_at = now() - interval '9 days' WHERE id = $1`, [old.id]);
    const otherInstance = new Client({ connectionString: t.databaseUrl });
    await otherInstance.connect();
    try {
      await otherInstance.query('SELECT pg_advisory_lock($1)', [0x6f757462]);
      expect(await retention().applyRetention()).toMatchObject({ ran: false, deletedEvents: 0 });
      expect(await eventExists(old.id)).toBe(true);
      await otherInstance.query('SELECT pg_advisory_unlock($1)', [0x6f757462]);
      expect(await retention().applyRetention()).toMatchObject({ ran: true, deletedEvents: 1 });
    } finally {
      await otherInstance.end();
    }
  });

  it('stays quiet when the database is down: one warning, no exception, and it works again once it is back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      await t.proxy!.cut();
      await t.app.get(OutboxRetentionScheduler).run();
      const retentionWarnings = warn.mock.calls.filter(([message]) => /notification history retention failed/.test(String(message)));
      expect(retentionWarnings).toHaveLength(1);
    } finally {
      await t.proxy!.restore();
      warn.mockRestore();
    }
    await eventually(
      async () =>
        (
          await retention()
            .applyRetention()
            .catch(() => undefined)
        )?.ran,
      10_000,
      'retention after recovery',
    );
  });
});
