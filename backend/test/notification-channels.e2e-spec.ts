import { writeOutboxEvent } from './support/outbox';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

describe('notification channels', () => {
  describe('with the default SSRF guard (ALLOW_PRIVATE_WEBHOOKS unset)', () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      t = await startTestApp();
      receiver = await new WebhookReceiver().start();
    });
    afterAll(async () => {
      await receiver?.stop();
      await t?.close();
    });

    it.each([
      ['http://127.0.0.1:9/hook', /127\.0\.0\.1, a loopback/],
      ['http://localhost:9/hook', /resolves to .*loopback/],
      ['http://169.254.169.254/latest/meta-data', /link-local/],
      ['http://[::1]/hook', /loopback/],
      ['http://[::127.0.0.1]/hook', /IPv4-compatible/],
      ['http://[::ffff:127.0.0.1]/hook', /IPv4-mapped/],
      ['http://10.0.0.5/hook', /private/],
      ['ftp://example.com/hook', /http or https/],
    ])('refuses %s with a 400 naming url', async (url, reason) => {
      const response = await t.request('POST', '/notification-channels', {
        token: t.tokens.admin,
        body: { name: 'x', type: 'WEBHOOK', url },
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(reason);
      expect(response.body.details).toEqual([{ field: 'url', errors: [expect.stringMatching(/^url /)] }]);
    });

    it('refuses a private destination again at delivery time, even for a channel that got into the database', async () => {
      const channel = await t.prisma.notificationChannel.create({
        data: { name: 'smuggled', type: 'WEBHOOK', url: receiver.url(), secret: 'x'.repeat(32), events: ['incident.opened'] },
      });
      const event = await writeOutboxEvent(t.pool);
      const delivery = await eventually(
        () => t.prisma.notificationDelivery.findFirst({ where: { eventId: event.id, channelId: channel.id, status: 'FAILED' } }),
        5000,
        'a failed delivery',
      );
      expect(delivery.lastError).toMatch(/refused: .*127\.0\.0\.1.*loopback/);
      expect(delivery.attempts).toBe(1);
      expect(receiver.requests).toHaveLength(0);
    });
  });

  describe('management (ALLOW_PRIVATE_WEBHOOKS=true)', () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      t = await startTestApp({ env: { ALLOW_PRIVATE_WEBHOOKS: 'true' } });
      receiver = await new WebhookReceiver().start();
    });
    afterAll(async () => {
      await receiver?.stop();
      await t?.close();
    });

    const create = (body: Record<string, unknown>, token = t.tokens.admin) => t.request('POST', '/notification-channels', { token, body });

    it('creates a webhook channel with defaults, shows a generated secret once and masks the URL', async () => {
      const created = await create({ name: 'ops webhook', type: 'WEBHOOK', url: receiver.url('/hook/s3cr3t-path?key=abc') });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'ops webhook',
        type: 'WEBHOOK',
        url: `http://127.0.0.1:${receiver.port}/…`,
        has_secret: true,
        events: [
          'incident.opened',
          'incident.acknowledged',
          'incident.resolved',
          'incident.reopened',
          'incident.severity_changed',
          'incident.comment_added',
        ],
        min_severity: 'LOW',
        enabled: true,
      });
      expect(created.body.secret).toMatch(/^whsec_[0-9a-f]{48}$/);

      for (const response of [
        await t.request('GET', `/notification-channels/${created.body.id}`, { token: t.tokens.admin }),
        await t.request('GET', '/notification-channels', { token: t.tokens.admin }),
      ]) {
        expect(response.status).toBe(200);
        expect(response.text).not.toContain('s3cr3t-path');
        expect(response.text).not.toContain(created.body.secret);
        expect(response.text).not.toContain('"secret"');
      }
    });

    it('does not echo a secret the admin chose, and refuses one on a Slack channel', async () => {
      const chosen = await create({ name: 'mine', type: 'WEBHOOK', url: receiver.url(), secret: 'my-own-secret-0123456789' });
      expect(chosen.status).toBe(201);
      expect(chosen.body.secret).toBeUndefined();
      expect(chosen.body.has_secret).toBe(true);

      const slack = await create({
        name: 'slack',
        type: 'SLACK',
        url: receiver.url('/services/T/B/X'),
        secret: 'my-own-secret-0123456789',
      });
      expect(slack.status).toBe(400);
      expect(slack.body.details[0].field).toBe('secret');
    });

    it('refuses invalid fields with a 400 naming them', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ type: 'WEBHOOK', url: receiver.url() }, 'name'],
        [{ name: 'x', type: 'SMS', url: receiver.url() }, 'type'],
        [{ name: 'x', type: 'WEBHOOK', url: receiver.url(), events: ['incident.exploded'] }, 'events'],
        [{ name: 'x', type: 'WEBHOOK', url: receiver.url(), events: [] }, 'events'],
        [{ name: 'x', type: 'WEBHOOK', url: receiver.url(), min_severity: 'URGENT' }, 'min_severity'],
        [{ name: 'x', type: 'WEBHOOK', url: receiver.url(), secret: 'short' }, 'secret'],
        [{ name: 'x', type: 'WEBHOOK', url: 'not a url' }, 'url'],
        [{ name: 'x', type: 'WEBHOOK', url: receiver.url(), extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const response = await create(body);
        expect({ field, status: response.status }).toEqual({ field, status: 400 });
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('updates a channel, rotates its secret once, and deletes it', async () => {
      const { body: channel } = await create({ name: 'to change', type: 'WEBHOOK', url: receiver.url() });
      const updated = await t.request('PATCH', `/notification-channels/${channel.id}`, {
        token: t.tokens.admin,
        body: { name: 'changed', events: ['incident.opened'], min_severity: 'CRITICAL', enabled: false },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'changed', events: ['incident.opened'], min_severity: 'CRITICAL', enabled: false });
      expect(updated.body.secret).toBeUndefined();

      const rotated = await t.request('PATCH', `/notification-channels/${channel.id}`, {
        token: t.tokens.admin,
        body: { rotate_secret: true },
      });
      expect(rotated.body.secret).toMatch(/^whsec_/);
      expect(rotated.body.secret).not.toBe(channel.secret);

      const removed = await t.request('DELETE', `/notification-channels/${channel.id}`, { token: t.tokens.admin });
      expect(removed.status).toBe(204);
      expect((await t.request('GET', `/notification-channels/${channel.id}`, { token: t.tokens.admin })).status).toBe(404);
      expect((await t.request('DELETE', `/notification-channels/${channel.id}`, { token: t.tokens.admin })).status).toBe(404);
    });

    it('answers 404 for an unknown channel and 400 for an id that is not a UUID', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      expect((await t.request('GET', `/notification-channels/${missing}`, { token: t.tokens.admin })).status).toBe(404);
      expect((await t.request('PATCH', `/notification-channels/${missing}`, { token: t.tokens.admin, body: { name: 'x' } })).status).toBe(
        404,
      );
      expect((await t.request('POST', `/notification-channels/${missing}/test`, { token: t.tokens.admin })).status).toBe(404);
      expect((await t.request('GET', `/notification-channels/${missing}/deliveries`, { token: t.tokens.admin })).status).toBe(404);
      const bad = await t.request('GET', '/notification-channels/42', { token: t.tokens.admin });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/id must be a UUID/);
    });

    it('sends a signed test message and reports the outcome', async () => {
      const { body: channel } = await create({ name: 'testable', type: 'WEBHOOK', url: receiver.url('/test-me') });
      const ok = await t.request('POST', `/notification-channels/${channel.id}/test`, { token: t.tokens.admin });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ delivered: true, status_code: 200, error: null });
      const request = receiver.requests.find((r) => r.path === '/test-me')!;
      expect(JSON.parse(request.body)).toMatchObject({ event: 'notification.test', channel: { id: channel.id, name: 'testable' } });
      expect(request.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

      // With private destinations allowed the receiver may be an internal service: its answer
      // is reduced to the status, so the test button cannot be used to read internal pages.
      receiver.respond = () => 503;
      const failing = await t.request('POST', `/notification-channels/${channel.id}/test`, { token: t.tokens.admin });
      receiver.respond = () => 200;
      expect(failing.body).toEqual({ delivered: false, status_code: 503, error: 'HTTP 503' });
      expect(failing.text).not.toContain('receiver error');

      const { body: dead } = await create({ name: 'nobody home', type: 'SLACK', url: 'http://127.0.0.1:1/services/x' });
      const refused = await t.request('POST', `/notification-channels/${dead.id}/test`, { token: t.tokens.admin });
      expect(refused.body).toMatchObject({ delivered: false, status_code: null, error: expect.stringMatching(/ECONNREFUSED/) });
    });

    it('documents the channel, delivery and live-update endpoints in the OpenAPI document', async () => {
      const { body } = await t.request('GET', '/api-json');
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining([
          '/notification-channels',
          '/notification-channels/{id}',
          '/notification-channels/{id}/test',
          '/notification-channels/{id}/deliveries',
          '/events',
        ]),
      );
      expect(body.components.schemas.NotificationChannelDto.properties).not.toHaveProperty('secret');
    });

    it('lets only ADMINs manage channels: VIEWER and RESPONDER get 403, no token 401', async () => {
      const { body: channel } = await create({ name: 'guarded', type: 'WEBHOOK', url: receiver.url() });
      const attempts: Array<[string, string, unknown?]> = [
        ['POST', '/notification-channels', { name: 'x', type: 'WEBHOOK', url: receiver.url() }],
        ['GET', '/notification-channels'],
        ['GET', `/notification-channels/${channel.id}`],
        ['PATCH', `/notification-channels/${channel.id}`, { enabled: false }],
        ['DELETE', `/notification-channels/${channel.id}`],
        ['POST', `/notification-channels/${channel.id}/test`],
        ['GET', `/notification-channels/${channel.id}/deliveries`],
      ];
      for (const [method, path, body] of attempts) {
        for (const role of ['viewer', 'responder'] as const) {
          const response = await t.request(method, path, { token: t.tokens[role], body });
          expect({ method, path, role, status: response.status }).toEqual({ method, path, role, status: 403 });
        }
        expect((await t.request(method, path, { body })).status).toBe(401);
      }
      const still = await t.request('GET', `/notification-channels/${channel.id}`, { token: t.tokens.admin });
      expect(still.body.enabled).toBe(true);
    });
  });
});
