import { writeOutboxEvent } from './support/outbox';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver, type ReceivedRequest } from './support/webhook-receiver';

/** The event id a Slack message carries in its context block. */
const slackEventId = (request: ReceivedRequest) => /event `([0-9a-f-]{36})`/.exec(request.body)?.[1];

describe('notification delivery: one bad channel does not hurt the others', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;

  const addChannel = async (body: Record<string, unknown>) => {
    const response = await t.request('POST', '/notification-channels', { token: t.tokens.admin, body: { name: 'c', ...body } });
    expect(response.status).toBe(201);
    return response.body as { id: string };
  };
  const channel = async (id: string) => (await t.request('GET', `/notification-channels/${id}`, { token: t.tokens.admin })).body;

  afterEach(async () => {
    await receiver?.stop();
    await t?.close();
  });

  it('delivers a burst to a healthy Slack channel on time while a webhook never answers', async () => {
    // The default 5 s timeout: a black-hole attempt holds its slot that long.
    t = await startTestApp({ env: { ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_CHANNEL_CONCURRENCY: '4' } });
    receiver = await new WebhookReceiver().start();
    receiver.respond = ({ path }) => (path === '/black-hole' ? 'hang' : 200);
    await addChannel({ type: 'WEBHOOK', url: receiver.url('/black-hole') });
    await addChannel({ type: 'SLACK', url: receiver.url('/services/T0/B0/healthy') });

    const writtenAt = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const event = await writeOutboxEvent(t.pool, { title: `burst ${i}` });
      writtenAt.set(event.id, Date.now());
    }
    const healthy = () => receiver.requests.filter((r) => r.path.startsWith('/services/'));
    // 4 s: the black hole's first attempts end at 5 s, so a healthy delivery that waited for
    // them (as it did when deliveries were sent in batches) cannot make it; alone, 60 Slack
    // posts take well under a second even on a loaded machine.
    await eventually(async () => healthy().length >= 60, 4000, '60 healthy deliveries');
    const latencies = healthy().map((r) => r.at - writtenAt.get(slackEventId(r)!)!);
    expect(Math.max(...latencies)).toBeLessThan(4000);
    expect(new Set(healthy().map(slackEventId)).size).toBe(60);
    // The black hole only ever holds its own slots.
    expect(receiver.requests.filter((r) => r.path === '/black-hole').length).toBeLessThanOrEqual(4);
  });

  it('pauses a channel that keeps failing (only that one), keeps its deliveries, and sends them once it recovers', async () => {
    t = await startTestApp({
      env: { ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_RETRY_BASE_MS: '200', NOTIFY_TIMEOUT_MS: '1000', NOTIFY_CHANNEL_CONCURRENCY: '2' },
    });
    receiver = await new WebhookReceiver().start();
    let failing = true;
    receiver.respond = ({ path }) => (path === '/failing' && failing ? 503 : 200);
    const bad = await addChannel({ type: 'WEBHOOK', url: receiver.url('/failing') });
    await addChannel({ type: 'WEBHOOK', url: receiver.url('/fine') });
    const events = [];
    for (let i = 0; i < 20; i++) events.push(await writeOutboxEvent(t.pool));

    await eventually(async () => receiver.requests.filter((r) => r.path === '/fine').length === 20, 5000, 'the healthy channel');
    const paused = await eventually(async () => {
      const body = await channel(bad.id);
      return body.paused_until && body;
    });
    expect(paused.consecutive_failures).toBeGreaterThanOrEqual(5);
    // 3 s: without the pause, 20 deliveries retried from a 200 ms base would hit the receiver
    // about 100 times (each about five times); paused, it gets 5 failures (+ at most 2 in
    // flight) and then a probe after 0.2, 0.4, 0.8, 1.6 s...
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(receiver.requests.filter((r) => r.path === '/failing').length).toBeLessThan(20);
    const { rows } = await t.pool.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM notification_deliveries WHERE channel_id = $1 GROUP BY status`,
      [bad.id],
    );
    expect(rows).toEqual([{ status: 'PENDING', n: 20 }]);

    failing = false;
    await eventually(async () => receiver.successful.filter((r) => r.path === '/failing').length === 20, 30_000, 'the recovered channel');
    expect(new Set(receiver.successful.filter((r) => r.path === '/failing').map((r) => r.headers['x-event-id']))).toEqual(
      new Set(events.map((e) => e.id)),
    );
    const recovered = await channel(bad.id);
    expect(recovered).toMatchObject({ consecutive_failures: 0, paused_until: null });
  });
});
