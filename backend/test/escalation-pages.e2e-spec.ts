import { writeOutboxEvent } from './support/outbox';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

const PUBLIC_URL = 'https://incidents.example.test';

/** Contract C1: an incident.escalated outbox event pages the listed channels and the verified methods of the listed users. */
describe('incident.escalated pages', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([new SmtpSink().start(), new WebhookReceiver().start()]);
    t = await startTestApp({ env: { ...smtp.env(), ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_RETRY_BASE_MS: '100', PUBLIC_URL } });
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.stop(), receiver?.stop()]);
  });

  const channel = async (body: Record<string, unknown>) =>
    (await t.request('POST', '/notification-channels', { token: t.tokens.admin, body })).body as { id: string };
  /** A contact method stored as verified (verification itself is covered in contact-methods.e2e-spec.ts). */
  const method = async (userId: string, values: { type: string; address: string; slackChannelId?: string; verified: boolean }) => {
    const { rows } = await t.pool.query(
      `INSERT INTO contact_methods (id, user_id, type, label, address, slack_channel_id, verified_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now()) RETURNING id`,
      [
        userId,
        values.type,
        `${values.type} of ${userId.slice(0, 8)}`,
        values.address,
        values.slackChannelId ?? null,
        values.verified ? new Date() : null,
      ],
    );
    return rows[0].id as string;
  };

  it('reaches only the listed channels and the verified methods of the listed users, and records each outcome on the timeline', async () => {
    const listed = await channel({ name: 'listed', type: 'WEBHOOK', url: receiver.url('/listed'), events: ['incident.resolved'] });
    await channel({ name: 'not listed', type: 'WEBHOOK', url: receiver.url('/not-listed') });
    const slack = await channel({
      name: 'ops',
      type: 'SLACK',
      url: receiver.url('/slack'),
      events: ['incident.resolved'],
      min_severity: 'CRITICAL',
    });
    const disabled = await channel({ name: 'off', type: 'WEBHOOK', url: receiver.url('/off'), enabled: false });
    const responder = t.users.responder.id;
    const viewer = t.users.viewer.id;
    await method(responder, { type: 'EMAIL', address: 'responder@example.test', verified: true });
    await method(responder, { type: 'SLACK_MEMBER', address: 'U0RESPOND', slackChannelId: slack.id, verified: true });
    await method(responder, { type: 'EMAIL', address: 'unverified@example.test', verified: false });
    await method(t.users.admin.id, { type: 'EMAIL', address: 'admin@example.test', verified: true });

    const event = await writeOutboxEvent(t.pool, {
      type: 'incident.escalated',
      title: 'Database <down>',
      severity: 'LOW',
      data: {
        policy_id: '6f1c0c1e-9c0b-4f4b-8a1f-2d3e4c5b6a79',
        step: 1,
        round: 1,
        user_ids: [responder, viewer],
        channel_ids: [listed.id, slack.id, disabled.id],
      },
    });
    const link = `${PUBLIC_URL}/incidents/${event.incident.id}`;

    const mail = await smtp.waitFor((m) => m.to.includes('responder@example.test'), 5000);
    expect(mail.parsed.subject).toBe('[LOW] You are paged: Database <down>');
    expect(mail.parsed.text).toContain(link);
    const webhook = await receiver.waitFor((r) => r.path === '/listed', 5000);
    expect(JSON.parse(webhook.body)).toMatchObject({
      id: event.id,
      event: 'incident.escalated',
      data: { step: 1, user_ids: [responder, viewer] },
    });
    const mention = await receiver.waitFor((r) => r.path === '/slack' && r.body.includes('<@U0RESPOND>'), 5000);
    expect(JSON.parse(mention.body).text).toMatch(/^<@U0RESPOND> /);
    // The Slack channel itself was listed too: one plain message and one with the mention.
    await receiver.waitFor((r) => r.path === '/slack' && !r.body.includes('<@U0RESPOND>'), 5000);

    const entries = await eventually(async () => {
      const { rows } = await t.pool.query<{ type: string; body: string }>(
        `SELECT type, body FROM incident_events WHERE incident_id = $1 AND actor = 'system:notifications' ORDER BY id`,
        [event.incident.id],
      );
      return rows.length >= 4 && rows;
    });
    expect(entries.map((e) => `${e.type}: ${e.body}`).sort()).toEqual(
      [
        `notification_sent: Sent incident.escalated to SLACK channel "ops"`,
        `notification_sent: Sent incident.escalated to WEBHOOK channel "listed"`,
        `page_delivered: Paged ${t.users.responder.email} by EMAIL ("EMAIL of ${responder.slice(0, 8)}")`,
        `page_delivered: Paged ${t.users.responder.email} by SLACK_MEMBER ("SLACK_MEMBER of ${responder.slice(0, 8)}")`,
      ].sort(),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.requests.filter((r) => r.path === '/not-listed' || r.path === '/off')).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes('unverified@example.test') || m.to.includes('admin@example.test'))).toEqual([]);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM notification_deliveries WHERE event_id = $1`, [event.id]);
    expect(rows[0].n).toBe(4);
  });

  it('records a page that could not be delivered as failed on the timeline, naming whom and how', async () => {
    await t.prisma.notificationChannel.deleteMany();
    await t.prisma.contactMethod.deleteMany();
    smtp.rejectRecipient = (address) => address === 'bounce@example.test';
    const responder = t.users.responder.id;
    await method(responder, { type: 'EMAIL', address: 'bounce@example.test', verified: true });
    const event = await writeOutboxEvent(t.pool, {
      type: 'incident.escalated',
      data: { policy_id: 'p', step: 2, round: 1, user_ids: [responder], channel_ids: [] },
    });
    const entry = await eventually(async () => {
      const { rows } = await t.pool.query(`SELECT type, body, after FROM incident_events WHERE incident_id = $1 AND type = 'page_failed'`, [
        event.incident.id,
      ]);
      return rows[0];
    });
    expect(entry.body).toContain(`Could not page ${t.users.responder.email} by EMAIL`);
    expect(entry.after).toMatchObject({ medium: 'EMAIL', event_type: 'incident.escalated', attempts: 1 });
    smtp.rejectRecipient = undefined;
  });

  it('pages nobody for an escalation whose lists are malformed, and keeps fanning out later events', async () => {
    await t.prisma.notificationChannel.deleteMany();
    const hook = await channel({ name: 'after', type: 'WEBHOOK', url: receiver.url('/after') });
    await writeOutboxEvent(t.pool, { type: 'incident.escalated', data: { user_ids: 'everyone', channel_ids: { id: hook.id } } });
    const later = await writeOutboxEvent(t.pool);
    await receiver.waitFor((r) => r.path === '/after' && r.headers['x-event-id'] === later.id, 5000);
    expect(receiver.requests.filter((r) => r.path === '/after')).toHaveLength(1);
  });
});
