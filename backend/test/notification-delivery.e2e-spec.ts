import { DeliveryWorker } from '../src/notifications/delivery-worker';
import { verifyWebhookSignature } from '../src/notifications/webhook-signature';
import { writeOutboxEvent } from './support/outbox';
import { closeInstance, startInstance } from './support/app-instances';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

const ENV = { ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_RETRY_BASE_MS: '100', NOTIFY_TIMEOUT_MS: '1500' };

describe('notification delivery', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
  });
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
  });
  afterEach(async () => {
    await receiver.stop();
    // Each case has its own channels: earlier ones must not receive (or retry) later events.
    await t.prisma.notificationChannel.deleteMany();
  });
  afterAll(() => t?.close());

  const addChannel = async (body: Record<string, unknown>) => {
    const response = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'receiver', type: 'WEBHOOK', ...body },
    });
    expect(response.status).toBe(201);
    return response.body as { id: string; secret: string };
  };
  const deliveries = async (channelId: string) =>
    (await t.request('GET', `/notification-channels/${channelId}/deliveries`, { token: t.tokens.admin })).body;

  it('delivers incident.opened to a webhook within 2 s, signed so that the receiver can verify it', async () => {
    const channel = await addChannel({ url: receiver.url('/incidents') });
    const started = Date.now();
    const event = await writeOutboxEvent(t.pool, { title: 'Payments failing' });
    const request = await receiver.waitFor((r) => r.headers['x-event-id'] === event.id, 2000);
    expect(request.at - started).toBeLessThan(2000);

    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual(event);
    expect(Object.keys(JSON.parse(request.body))).toEqual(['id', 'event', 'occurred_at', 'incident', 'data']);
    const verify = (secret: string) =>
      verifyWebhookSignature({
        secret,
        body: request.body,
        timestamp: request.headers['x-timestamp'] as string,
        signature: request.headers['x-signature'] as string,
        nowSeconds: Math.floor(Date.now() / 1000),
      });
    expect(verify(channel.secret)).toBe(true);
    expect(verify('whsec_someone_elses_secret')).toBe(false);

    const page = await eventually(async () => {
      const body = await deliveries(channel.id);
      return body.items[0]?.status === 'DELIVERED' && body;
    });
    expect(page).toMatchObject({ page: 1, page_size: 50, total: 1 });
    expect(page.items[0]).toMatchObject({
      event_id: event.id,
      event_type: 'incident.opened',
      incident_id: event.incident.id,
      attempts: 1,
      last_status_code: 200,
      last_error: null,
      next_attempt_at: null,
    });
    expect(page.items[0].delivered_at).toEqual(expect.any(String));
  });

  it('sends Slack channels a Block Kit message with the incident and its API link', async () => {
    await addChannel({ type: 'SLACK', url: receiver.url('/services/T0/B0/abc') });
    const event = await writeOutboxEvent(t.pool, { title: 'Disk full on db-1', severity: 'CRITICAL', serviceId: 'db' });
    const request = await receiver.waitFor((r) => r.path === '/services/T0/B0/abc', 2000);
    const message = JSON.parse(request.body);
    expect(message.text).toBe('[CRITICAL] Incident opened: Disk full on db-1');
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context']);
    expect(request.body).toContain(`http://localhost:${t.config.port}/incidents/${event.incident.id}`);
  });

  it('only delivers the event types and severities a channel asked for', async () => {
    const picky = await addChannel({ url: receiver.url('/picky'), events: ['incident.resolved'], min_severity: 'HIGH' });
    const all = await addChannel({ url: receiver.url('/all') });
    const paused = await addChannel({ url: receiver.url('/paused'), enabled: false });
    const low = await writeOutboxEvent(t.pool, { severity: 'LOW' });
    const resolvedLow = await writeOutboxEvent(t.pool, { type: 'incident.resolved', severity: 'MEDIUM' });
    const resolvedCritical = await writeOutboxEvent(t.pool, { type: 'incident.resolved', severity: 'CRITICAL' });
    await receiver.waitFor((r) => r.path === '/picky');
    await eventually(async () => receiver.requests.filter((r) => r.path === '/all').length === 3);
    expect(receiver.requests.filter((r) => r.path === '/picky').map((r) => r.headers['x-event-id'])).toEqual([resolvedCritical.id]);
    expect(new Set(receiver.requests.filter((r) => r.path === '/all').map((r) => r.headers['x-event-id']))).toEqual(
      new Set([low.id, resolvedLow.id, resolvedCritical.id]),
    );
    expect(receiver.requests.some((r) => r.path === '/paused')).toBe(false);
    expect((await deliveries(picky.id)).total).toBe(1);
    expect((await deliveries(all.id)).total).toBe(3);
    expect((await deliveries(paused.id)).total).toBe(0);
  });

  it('delivers on the third try to a receiver that answers 500 twice', async () => {
    const channel = await addChannel({ url: receiver.url() });
    receiver.respond = (_request, n) => (n <= 2 ? 500 : 200);
    const event = await writeOutboxEvent(t.pool);
    await receiver.waitFor((r) => r.answer === 200, 5000);
    expect(receiver.requests.map((r) => [r.headers['x-event-id'], r.answer])).toEqual([
      [event.id, 500],
      [event.id, 500],
      [event.id, 200],
    ]);
    const page = await eventually(async () => {
      const body = await deliveries(channel.id);
      return body.items[0]?.status === 'DELIVERED' && body;
    });
    expect(page.items[0]).toMatchObject({ attempts: 3, last_status_code: 200, last_error: null });
  });

  it('keeps trying a receiver that is down and delivers once it is back', async () => {
    const channel = await addChannel({ url: receiver.url() });
    await receiver.stop();
    const event = await writeOutboxEvent(t.pool);
    const failing = await eventually(async () => {
      const body = await deliveries(channel.id);
      return body.items[0]?.attempts >= 3 && body.items[0];
    });
    expect(failing).toMatchObject({ status: 'PENDING', last_error: expect.stringMatching(/ECONNREFUSED/) });
    expect(Date.parse(failing.next_attempt_at)).toBeGreaterThan(Date.now() - 1000);

    await receiver.start();
    const request = await receiver.waitFor((r) => r.headers['x-event-id'] === event.id, 10_000);
    expect(request.answer).toBe(200);
    const delivered = await eventually(async () => {
      const body = await deliveries(channel.id);
      return body.items[0]?.status === 'DELIVERED' && body.items[0];
    });
    expect(delivered.attempts).toBeGreaterThan(3);
  });

  it('fails at once on a 404 and writes the failure on the incident timeline', async () => {
    const channel = await addChannel({ url: receiver.url() });
    receiver.respond = () => 404;
    const event = await writeOutboxEvent(t.pool);
    const failed = await eventually(async () => {
      const body = await deliveries(channel.id);
      return body.items[0]?.status === 'FAILED' && body.items[0];
    });
    // Private destinations are allowed here: the receiver's body is not kept (it may be an internal page).
    expect(failed).toMatchObject({ attempts: 1, last_status_code: 404, last_error: 'HTTP 404' });
    expect(receiver.requests).toHaveLength(1);
    const entry = await eventually(async () => {
      const { rows } = await t.pool.query(
        `SELECT type, actor, body FROM incident_events WHERE incident_id = $1 AND type = 'notification_failed'`,
        [event.incident.id],
      );
      return rows[0];
    });
    expect(entry).toMatchObject({ actor: 'system:notifications', body: expect.stringContaining('HTTP 404') });
  });

  it('notifies about an incident opened through the API, and records it on the timeline', async () => {
    await addChannel({ url: receiver.url() });
    const started = Date.now();
    const created = await t.request('POST', '/incidents', {
      token: t.tokens.responder,
      body: { title: 'Checkout is down', severity: 'HIGH' },
    });
    expect(created.status).toBe(201);
    const request = await receiver.waitFor((r) => JSON.parse(r.body).incident?.id === created.body.id, 2000);
    expect(request.at - started).toBeLessThan(2000);
    expect(JSON.parse(request.body)).toMatchObject({ event: 'incident.opened', incident: { title: 'Checkout is down', status: 'OPEN' } });
    const timeline = await eventually(async () => {
      const response = await t.request('GET', `/incidents/${created.body.id}/timeline`, { token: t.tokens.viewer });
      return response.text.includes('notification_sent') && response.text;
    });
    expect(timeline).toContain('system:notifications');
  });

  it('never delivers one event twice when several instances work the same queue', async () => {
    const others = await Promise.all([1, 2].map(() => startInstance(t, ENV)));
    try {
      await addChannel({ url: receiver.url() });
      const events = await Promise.all(Array.from({ length: 30 }, () => writeOutboxEvent(t.pool)));
      await eventually(async () => receiver.requests.length >= events.length, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const ids = receiver.requests.map((r) => r.headers['x-event-id']);
      expect(ids).toHaveLength(events.length);
      expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
    } finally {
      for (const other of others) await closeInstance(t, other);
    }
  });

  // From here on the suite's own app stops delivering, so that only the instances under test do.
  it('delivers after a restart, exactly once, what an instance was in the middle of sending when it stopped', async () => {
    const first = await startInstance(t, { ...ENV, NOTIFY_TIMEOUT_MS: '60000' });
    await stopWorker(t);
    let eventId: string;
    try {
      await addChannel({ url: receiver.url() });
      receiver.respond = (_request, n) => (n === 1 ? 'hang' : 200);
      eventId = (await writeOutboxEvent(t.pool)).id;
      await receiver.waitFor((r) => r.answer === 'hang', 3000);
    } finally {
      // Stopped in the middle of the attempt: the receiver never answered it.
      await closeInstance(t, first);
    }
    const second = await startInstance(t, ENV);
    try {
      await receiver.waitFor((r) => r.answer === 200, 3000);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.requests.map((r) => [r.headers['x-event-id'], r.answer])).toEqual([
        [eventId, 'hang'],
        [eventId, 200],
      ]);
    } finally {
      await closeInstance(t, second);
    }
  });

  it('retries a delivery whose worker crashed once its claim has expired, and never a claim still held', async () => {
    const channel = await addChannel({ url: receiver.url() });
    await stopWorker(t);
    const event = await writeOutboxEvent(t.pool);
    // What a crashed instance leaves behind: dispatched, claimed (attempt counted), never finished.
    await t.pool.query(`UPDATE outbox_events SET dispatched_at = now() WHERE id = $1`, [event.id]);
    await t.pool.query(
      `INSERT INTO notification_deliveries (id, event_id, channel_id, attempts, locked_until, updated_at)
       VALUES (gen_random_uuid(), $1, $2, 1, now() + interval '1 hour', now())`,
      [event.id, channel.id],
    );
    const next = await startInstance(t, ENV);
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(receiver.requests).toHaveLength(0);
      await t.pool.query(`UPDATE notification_deliveries SET locked_until = now() - interval '1 second' WHERE event_id = $1`, [event.id]);
      await receiver.waitFor((r) => r.headers['x-event-id'] === event.id, 3000);
      const delivered = await eventually(async () => {
        const body = await deliveries(channel.id);
        return body.items[0]?.status === 'DELIVERED' && body.items[0];
      });
      expect(delivered.attempts).toBe(2);
    } finally {
      await closeInstance(t, next);
    }
  });
});

/** Stops an app's delivery worker (as a stopped instance would be), leaving the rest running. */
async function stopWorker(app: TestApp): Promise<void> {
  await app.app.get(DeliveryWorker).onModuleDestroy();
}
