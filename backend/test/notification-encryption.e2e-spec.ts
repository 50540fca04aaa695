import { randomBytes, randomUUID } from 'node:crypto';
import { ENCRYPTED_PREFIX } from '../src/notifications/at-rest-cipher';
import { DeliveryWorker } from '../src/notifications/delivery-worker';
import { verifyWebhookSignature } from '../src/notifications/webhook-signature';
import { closeInstance, startInstance } from './support/app-instances';
import { writeOutboxEvent } from './support/outbox';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually, WebhookReceiver } from './support/webhook-receiver';

const ENV = { ALLOW_PRIVATE_WEBHOOKS: 'true', NOTIFY_RETRY_BASE_MS: '100' };
const SECRET = 'whsec_chosen-by-the-admin-0123456789';

describe('notification channel credentials encrypted at rest', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
    receiver = await new WebhookReceiver().start();
  });
  afterAll(async () => {
    await receiver?.stop();
    await t?.close();
  });

  const stored = async (id: string) =>
    (await t.pool.query<{ url: string; secret: string | null }>('SELECT url, secret FROM notification_channels WHERE id = $1', [id]))
      .rows[0]!;
  const keyIdOf = (value: string) => value.slice(ENCRYPTED_PREFIX.length).split(':')[0];
  const verifies = (request: { body: string; headers: Record<string, unknown> }) =>
    verifyWebhookSignature({
      secret: SECRET,
      body: request.body,
      timestamp: request.headers['x-timestamp'] as string,
      signature: request.headers['x-signature'] as string,
      nowSeconds: Math.floor(Date.now() / 1000),
    });

  it('stores URLs and secrets encrypted, shows them masked, and still delivers signed notifications', async () => {
    const created = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'encrypted', type: 'WEBHOOK', url: receiver.url('/hook/path-token-123'), secret: SECRET },
    });
    expect(created.status).toBe(201);
    const row = await stored(created.body.id);
    for (const value of [row.url, row.secret!]) {
      expect(value.startsWith(ENCRYPTED_PREFIX)).toBe(true);
      expect(value).not.toContain('path-token-123');
      expect(value).not.toContain('chosen-by-the-admin');
    }
    expect(created.body.url).toBe(`http://127.0.0.1:${receiver.port}/…`);
    expect((await t.request('GET', `/notification-channels/${created.body.id}`, { token: t.tokens.admin })).body.url).toBe(
      `http://127.0.0.1:${receiver.port}/…`,
    );

    const event = await writeOutboxEvent(t.pool);
    const request = await receiver.waitFor((r) => r.headers['x-event-id'] === event.id);
    expect(request.path).toBe('/hook/path-token-123');
    expect(verifies(request)).toBe(true);
    await t.request('DELETE', `/notification-channels/${created.body.id}`, { token: t.tokens.admin });
  });

  it('encrypts, when an instance boots, channels that an earlier version stored in clear', async () => {
    const id = randomUUID();
    await t.pool.query(
      `INSERT INTO notification_channels (id, name, type, url, secret, events, updated_at)
       VALUES ($1, 'legacy', 'WEBHOOK', $2, $3, ARRAY['incident.opened'], now())`,
      [id, receiver.url('/legacy'), SECRET],
    );
    const booted = await startInstance(t, ENV);
    try {
      const row = await stored(id);
      expect(row.url.startsWith(ENCRYPTED_PREFIX) && row.secret!.startsWith(ENCRYPTED_PREFIX)).toBe(true);
      expect(row.url).not.toContain('/legacy');
      const event = await writeOutboxEvent(t.pool);
      expect(verifies(await receiver.waitFor((r) => r.path === '/legacy' && r.headers['x-event-id'] === event.id))).toBe(true);
    } finally {
      await closeInstance(t, booted);
      await t.pool.query('DELETE FROM notification_channels WHERE id = $1', [id]);
    }
  });

  it('rotates the key: re-encrypts under the new one at boot, keeps undecryptable deliveries pending, delivers them with the right key', async () => {
    const oldKey = t.config.encryption.key;
    const newKey = randomBytes(32).toString('base64');
    const created = await t.request('POST', '/notification-channels', {
      token: t.tokens.admin,
      body: { name: 'rotated', type: 'WEBHOOK', url: receiver.url('/rotated'), secret: SECRET },
    });
    const oldKeyId = keyIdOf((await stored(created.body.id)).url);

    const rotating = await startInstance(t, { ...ENV, ENCRYPTION_KEY: newKey, ENCRYPTION_KEY_PREVIOUS: oldKey });
    await closeInstance(t, rotating);
    const row = await stored(created.body.id);
    expect(keyIdOf(row.url)).not.toBe(oldKeyId);
    expect(keyIdOf(row.secret!)).toBe(keyIdOf(row.url));

    // Only the old key here now: nothing can be sent, and nothing is lost.
    const test = await t.request('POST', `/notification-channels/${created.body.id}/test`, { token: t.tokens.admin });
    expect(test.body).toEqual({
      delivered: false,
      status_code: null,
      error: expect.stringMatching(/cannot be decrypted: encrypted with key /),
    });
    expect(test.text).not.toContain(newKey);
    const event = await writeOutboxEvent(t.pool);
    const waiting = await eventually(async () => {
      const { rows } = await t.pool.query(`SELECT status, last_error FROM notification_deliveries WHERE event_id = $1`, [event.id]);
      return rows[0]?.last_error && rows[0];
    });
    expect(waiting).toMatchObject({ status: 'PENDING', last_error: expect.stringMatching(/cannot be decrypted/) });

    // An instance with the new key alone (the previous one removed) delivers it.
    await t.app.get(DeliveryWorker).onModuleDestroy();
    const upgraded = await startInstance(t, { ...ENV, ENCRYPTION_KEY: newKey });
    try {
      const request = await receiver.waitFor((r) => r.path === '/rotated' && r.headers['x-event-id'] === event.id, 10_000);
      expect(verifies(request)).toBe(true);
    } finally {
      await closeInstance(t, upgraded);
    }
  });
});
