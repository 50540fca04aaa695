import { writeOutboxEvent } from './support/outbox';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

const PUBLIC_URL = 'https://incidents.example.test';
const ROUTING_KEY = 'R0123456789abcdef0123456789ABCDE';

describe('EMAIL, MS_TEAMS and PAGERDUTY channels', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    [smtp, receiver] = await Promise.all([new SmtpSink().start(), new WebhookReceiver().start()]);
    t = await startTestApp({
      env: {
        ...smtp.env(),
        ALLOW_PRIVATE_WEBHOOKS: 'true',
        NOTIFY_RETRY_BASE_MS: '100',
        PUBLIC_URL,
        PAGERDUTY_EVENTS_URL: receiver.url('/v2/enqueue'),
      },
    });
  });
  afterEach(() => t.prisma.notificationChannel.deleteMany());
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.stop(), receiver?.stop()]);
  });

  const addChannel = (body: Record<string, unknown>) =>
    t.request('POST', '/notification-channels', { token: t.tokens.admin, body: { name: 'pager', ...body } });

  it('emails every recipient a plain-text and an escaped HTML message with the incident link', async () => {
    const created = await addChannel({ type: 'EMAIL', recipients: ['Oncall@Example.test', 'leads@example.test'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'EMAIL',
      url: '',
      has_secret: false,
      recipients: ['oncall@example.test', 'leads@example.test'],
    });

    const event = await writeOutboxEvent(t.pool, { title: 'Checkout <script>alert(1)</script> & "errors"', severity: 'CRITICAL' });
    const mail = await smtp.waitFor((m) => m.parsed.subject?.includes('Checkout') === true, 5000);
    const link = `${PUBLIC_URL}/incidents/${event.incident.id}`;
    expect(mail.to.sort()).toEqual(['leads@example.test', 'oncall@example.test']);
    expect(mail.from).toBe('oncall@example.test');
    expect(mail.parsed.subject).toBe('[CRITICAL] Incident opened: Checkout <script>alert(1)</script> & "errors"');
    expect(mail.parsed.text).toContain(`Open the incident: ${link}`);
    expect(mail.parsed.text).toContain('Severity: CRITICAL');
    const html = String(mail.parsed.html);
    expect(html).toContain(`<a href="${link}">Open the incident</a>`);
    expect(html).toContain('Checkout &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;errors&quot;');
    expect(html).not.toContain('<script>');

    const deliveries = await eventually(async () => {
      const body = (await t.request('GET', `/notification-channels/${created.body.id}/deliveries`, { token: t.tokens.admin })).body;
      return body.items[0]?.status === 'DELIVERED' && body;
    });
    expect(deliveries.items[0]).toMatchObject({ attempts: 1, last_status_code: 250 });
  });

  it('sends an email test message and reports a recipient the server refuses for good', async () => {
    const created = await addChannel({ type: 'EMAIL', recipients: ['ops@example.test'] });
    const ok = await t.request('POST', `/notification-channels/${created.body.id}/test`, { token: t.tokens.admin });
    expect(ok.body).toEqual({ delivered: true, status_code: 250, error: null });
    await smtp.waitFor((m) => m.parsed.subject === 'Test message for channel "pager"', 5000);

    smtp.rejectRecipient = (address) => address === 'gone@example.test';
    try {
      const refused = await addChannel({ type: 'EMAIL', name: 'gone', recipients: ['gone@example.test'] });
      const result = await t.request('POST', `/notification-channels/${refused.body.id}/test`, { token: t.tokens.admin });
      expect(result.body).toMatchObject({ delivered: false, status_code: 550 });
      expect(result.body.error).toMatch(/SMTP/);
    } finally {
      smtp.rejectRecipient = undefined;
    }
  });

  it('refuses EMAIL channels without valid recipients, and type-foreign fields, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'EMAIL' }, 'recipients'],
      [{ type: 'EMAIL', recipients: ['not-an-address'] }, 'recipients'],
      [{ type: 'EMAIL', recipients: [] }, 'recipients'],
      [{ type: 'EMAIL', recipients: ['a@example.test'], url: 'https://hooks.example.com/x' }, 'url'],
      [{ type: 'MS_TEAMS' }, 'url'],
      [{ type: 'PAGERDUTY' }, 'routing_key'],
      [{ type: 'PAGERDUTY', routing_key: 'short' }, 'routing_key'],
      [{ type: 'PAGERDUTY', routing_key: ROUTING_KEY, events: ['incident.comment_added'] }, 'events'],
      [{ type: 'PAGERDUTY', routing_key: ROUTING_KEY, secret: 'whsec_0123456789abcdef' }, 'secret'],
      [{ type: 'SLACK', url: 'https://hooks.example.com/x', recipients: ['a@example.test'] }, 'recipients'],
    ];
    for (const [body, field] of cases) {
      const response = await addChannel(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await t.prisma.notificationChannel.count()).toBe(0);
  });

  it('posts a Teams Workflows message whose attachment is an Adaptive Card with the incident link', async () => {
    await addChannel({ type: 'MS_TEAMS', url: receiver.url('/workflows/teams') });
    const event = await writeOutboxEvent(t.pool, { title: 'Queue *backlog* [growing](http://evil.test)' });
    const request = await receiver.waitFor((r) => r.path === '/workflows/teams' && r.body.includes(event.incident.id), 5000);
    const message = JSON.parse(request.body);
    // The shape Teams Workflows' "When a Teams webhook request is received" accepts, and the
    // Adaptive Card schema's required members: type "AdaptiveCard", version, body elements with a type.
    expect(message.type).toBe('message');
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = message.attachments[0].content;
    expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4' });
    expect(card.body.every((element: { type?: unknown }) => typeof element.type === 'string')).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open incident', url: `${PUBLIC_URL}/incidents/${event.incident.id}` }]);
    const title = card.body[0].text as string;
    expect(title).toContain('Queue \\*backlog\\* \\[growing\\]\\(http://evil\\.test\\)');
  });

  it('sends PagerDuty Events v2 trigger, acknowledge and resolve with one dedup_key per incident', async () => {
    const created = await addChannel({ type: 'PAGERDUTY', routing_key: ROUTING_KEY });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      has_secret: true,
      url: '',
      events: ['incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reopened'],
    });
    expect(JSON.stringify(await t.prisma.notificationChannel.findUnique({ where: { id: created.body.id } }))).not.toContain(ROUTING_KEY);

    const facts = { title: 'Payments down', severity: 'HIGH', serviceId: 'payments' } as const;
    const opened = await writeOutboxEvent(t.pool, facts);
    const incidentId = opened.incident.id;
    await writeOutboxEvent(t.pool, { ...facts, type: 'incident.comment_added', incidentId });
    await writeOutboxEvent(t.pool, { ...facts, type: 'incident.acknowledged', incidentId });
    await writeOutboxEvent(t.pool, { ...facts, type: 'incident.resolved', incidentId });
    const events = await eventually(async () => {
      const bodies = receiver.requests.filter((r) => r.path === '/v2/enqueue').map((r) => JSON.parse(r.body));
      return bodies.filter((b) => b.dedup_key === incidentId).length >= 3 && bodies.filter((b) => b.dedup_key === incidentId);
    });
    expect(events.map((e: { event_action: string }) => e.event_action).sort()).toEqual(['acknowledge', 'resolve', 'trigger']);
    for (const event of events) {
      // PagerDuty Events API v2 required fields and enums.
      expect(event.routing_key).toBe(ROUTING_KEY);
      expect(['trigger', 'acknowledge', 'resolve']).toContain(event.event_action);
      expect(event.dedup_key.length).toBeLessThanOrEqual(255);
      expect(event.payload.summary.length).toBeLessThanOrEqual(1024);
      expect(event.payload).toMatchObject({ summary: expect.stringContaining('Payments down'), source: 'payments' });
      expect(['critical', 'error', 'warning', 'info']).toContain(event.payload.severity);
    }
    expect(events.find((e: { event_action: string }) => e.event_action === 'trigger').payload.severity).toBe('error');
    expect(events.find((e: { event_action: string }) => e.event_action === 'trigger').links).toEqual([
      { href: `${PUBLIC_URL}/incidents/${incidentId}`, text: 'Incident' },
    ]);
  });
});

describe('EMAIL channels without SMTP settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('are refused with 400 naming the type', async () => {
    const response = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'mail', type: 'EMAIL', recipients: ['ops@example.test'] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('type');
    expect(response.body.message).toMatch(/SMTP_HOST/);
  });
});
