import { AuditRetentionService } from '../src/audit';
import { uniqueEmail } from './support/auth-helpers';
import { startTestApp, TEST_PASSWORD, type ApiResponse, type TestApp } from './support/test-app';

describe('audit trail: GET /audit-events', () => {
  let t: TestApp;
  const admin = (method: string, path: string, body?: unknown) => t.request(method, path, { token: t.tokens.admin, body });

  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOW_PRIVATE_WEBHOOKS: 'true' } });
  });
  afterAll(() => t?.close());

  /** The entries about one target, oldest first. */
  async function entriesFor(targetType: string, targetId: string) {
    const res = await admin('GET', `/audit-events?target_type=${targetType}&target_id=${encodeURIComponent(targetId)}`);
    expect(res.status).toBe(200);
    return (res.body.items as Record<string, any>[]).reverse();
  }

  /** Checks who/where/request id of the one entry a request left. */
  function expectMadeBy(entry: Record<string, any>, response: ApiResponse) {
    expect(entry).toMatchObject({ actor_type: 'user', actor_id: t.users.admin.id, actor_label: t.users.admin.email, address: '127.0.0.1' });
    expect(entry.request_id).toBe(response.headers.get('x-request-id'));
  }

  it('records each user change once, with who, before/after, address and request id', async () => {
    const created = await admin('POST', '/users', { email: uniqueEmail('audited'), password: 'a-good-long-password', role: 'VIEWER' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const promoted = await admin('PATCH', `/users/${id}`, { role: 'RESPONDER' });
    const reset = await admin('PATCH', `/users/${id}`, { password: 'another-long-password' });
    const removed = await admin('DELETE', `/users/${id}`);
    expect([promoted.status, reset.status, removed.status]).toEqual([200, 200, 200]);

    const entries = await entriesFor('user', id);
    expect(entries.map((e) => e.action)).toEqual(['user.created', 'user.role_changed', 'user.password_reset', 'user.deactivated']);
    expectMadeBy(entries[0]!, created);
    expectMadeBy(entries[1]!, promoted);
    expect(entries[1]).toMatchObject({ before: { role: 'VIEWER' }, after: { role: 'RESPONDER' } });
    expect(entries[2]!.after.password).toBe('***');
    expect(JSON.stringify(entries)).not.toContain('another-long-password');
    expect(entries[3]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('records API keys without their secret, rules and channels with their URL and secret masked', async () => {
    const key = await admin('POST', '/api-keys', { name: 'audited-key' });
    await admin('DELETE', `/api-keys/${key.body.id}`);
    // Revoking twice changes nothing, so it records nothing.
    await admin('DELETE', `/api-keys/${key.body.id}`);
    const keyEntries = await entriesFor('api_key', key.body.id);
    expect(keyEntries.map((e) => e.action)).toEqual(['api_key.created', 'api_key.revoked']);
    expect(JSON.stringify(keyEntries)).not.toContain(key.body.key);

    const rule = await admin('POST', '/detection-rules', {
      name: 'audited rule',
      kind: 'THRESHOLD',
      window_seconds: 60,
      threshold: 3,
      severity: 'HIGH',
    });
    await admin('PATCH', `/detection-rules/${rule.body.id}`, { threshold: 9 });
    await admin('DELETE', `/detection-rules/${rule.body.id}`);
    const ruleEntries = await entriesFor('detection_rule', rule.body.id);
    expect(ruleEntries.map((e) => e.action)).toEqual(['detection_rule.created', 'detection_rule.updated', 'detection_rule.deleted']);
    expect(ruleEntries[1]).toMatchObject({ before: { threshold: 3 }, after: { threshold: 9 } });

    const url = 'http://127.0.0.1:9/hook-with-a-token-in-the-path';
    const channel = await admin('POST', '/notification-channels', { name: 'audited', type: 'WEBHOOK', url, secret: 's'.repeat(32) });
    expect(channel.status).toBe(201);
    await admin('PATCH', `/notification-channels/${channel.body.id}`, { rotate_secret: true });
    await admin('DELETE', `/notification-channels/${channel.body.id}`);
    const channelEntries = await entriesFor('notification_channel', channel.body.id);
    expect(channelEntries.map((e) => e.action)).toEqual([
      'notification_channel.created',
      'notification_channel.updated',
      'notification_channel.deleted',
    ]);
    expect(channelEntries[1]!.after).toMatchObject({ url: '***', secret: '***' });
    const text = JSON.stringify(channelEntries);
    expect(text).not.toContain('hook-with-a-token');
    expect(text).not.toContain('s'.repeat(32));
  });

  it('records silences, schedules and escalation policies: each change once, with before and after', async () => {
    const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString();
    const silence = await t.request('POST', '/silences', {
      token: t.tokens.responder,
      body: { matchers: { service_id: 'checkout-*' }, starts_at: hours(-1), ends_at: hours(2), comment: 'db migration' },
    });
    expect(silence.status).toBe(201);
    await t.request('POST', `/silences/${silence.body.id}/expire`, { token: t.tokens.responder });
    await t.request('POST', `/silences/${silence.body.id}/expire`, { token: t.tokens.responder });
    const silenceEntries = await entriesFor('silence', silence.body.id);
    expect(silenceEntries.map((e) => [e.action, e.actor_id])).toEqual([
      ['silence.created', t.users.responder.id],
      ['silence.expired', t.users.responder.id],
    ]);
    expect(silenceEntries[1]).toMatchObject({ before: { state: 'active' }, after: { state: 'expired' } });

    const layer = { name: 'Primary', rotation: 'WEEKLY', handoff_time: '09:00', time_zone: 'Europe/Berlin', start_date: '2026-03-16' };
    const schedule = await admin('POST', '/schedules', {
      name: 'Audited rota',
      layers: [{ ...layer, participant_ids: [t.users.viewer.id] }],
    });
    expect(schedule.status).toBe(201);
    await admin('PATCH', `/schedules/${schedule.body.id}`, { name: 'Audited rota 2' });
    const policy = await admin('POST', '/escalation-policies', {
      name: 'Audited policy',
      steps: [{ wait_minutes: 5, targets: [{ type: 'SCHEDULE', id: schedule.body.id }] }],
    });
    expect(policy.status).toBe(201);
    await admin('DELETE', `/escalation-policies/${policy.body.id}`);
    await admin('DELETE', `/schedules/${schedule.body.id}`);
    const scheduleEntries = await entriesFor('schedule', schedule.body.id);
    expect(scheduleEntries.map((e) => e.action)).toEqual(['schedule.created', 'schedule.updated', 'schedule.deleted']);
    expect(scheduleEntries[1]).toMatchObject({ before: { name: 'Audited rota' }, after: { name: 'Audited rota 2' } });
    expect((await entriesFor('escalation_policy', policy.body.id)).map((e) => e.action)).toEqual([
      'escalation_policy.created',
      'escalation_policy.deleted',
    ]);
  });

  it('records sign-ins and failed sign-ins, never the password tried', async () => {
    const wrong = 'not-the-password-at-all';
    expect((await t.request('POST', '/auth/login', { body: { email: t.users.viewer.email, password: wrong } })).status).toBe(401);
    expect((await t.request('POST', '/auth/login', { body: { email: t.users.viewer.email, password: TEST_PASSWORD } })).status).toBe(200);
    const failed = await admin('GET', '/audit-events?action=auth.sign_in_failed');
    expect(failed.body.items[0]).toMatchObject({ actor_type: 'anonymous', actor_label: t.users.viewer.email, address: '127.0.0.1' });
    const signedIn = await admin('GET', `/audit-events?action=auth.signed_in&actor_id=${t.users.viewer.id}`);
    expect(signedIn.body.items).toHaveLength(1);
    expect(JSON.stringify(failed.body)).not.toContain(wrong);
  });

  it('pages newest first with a cursor, and only for ADMIN', async () => {
    const first = await admin('GET', '/audit-events?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await admin('GET', `/audit-events?limit=2&cursor=${first.body.next_cursor}`);
    const ids = [...first.body.items, ...second.body.items].map((e: { id: string }) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    expect(new Set(ids).size).toBe(4);
    expect((await t.request('GET', '/audit-events', { token: t.tokens.responder })).status).toBe(403);
    expect((await t.request('GET', '/audit-events')).status).toBe(401);
  });

  it.each([
    ['cursor=abc', 'cursor'],
    ['actor_id=nope', 'actor_id'],
    ['action=DROP%20TABLE', 'action'],
    ['from=yesterday', 'from'],
    ['actor_type=root', 'actor_type'],
  ])('refuses ?%s with a 400 naming %s', async (query, field) => {
    const res = await admin('GET', `/audit-events?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field })]);
  });

  describe('append-only in the database', () => {
    it.each([
      ['change an entry', `UPDATE audit_events SET action = 'user.nothing'`],
      ['delete a recent entry', 'DELETE FROM audit_events'],
      ['truncate the trail', 'TRUNCATE audit_events'],
    ])('refuses to %s', async (_what, sql) => {
      const before = (await t.pool.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n;
      await expect(t.pool.query(sql)).rejects.toThrow(/append-only/);
      expect((await t.pool.query('SELECT count(*)::int AS n FROM audit_events')).rows[0].n).toBe(before);
    });

    it('stamps its own time, so an entry cannot be back-dated into the deletable past', async () => {
      await t.pool.query(
        `INSERT INTO audit_events (actor_type, action, target_type, occurred_at) VALUES ('system', 'test.backdated', 'test', now() - interval '400 days')`,
      );
      const { rows } = await t.pool.query(
        `SELECT occurred_at > now() - interval '1 minute' AS fresh FROM audit_events WHERE action = 'test.backdated'`,
      );
      expect(rows[0].fresh).toBe(true);
      await t.app.get(AuditRetentionService).applyRetention();
      expect((await t.pool.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'test.backdated'`)).rows[0].n).toBe(1);
    });

    it('lets retention delete entries older than AUDIT_RETENTION_DAYS, and nothing younger', async () => {
      // Only the database owner can get an old row in: it switches the stamping trigger off for this insert.
      await t.pool.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_stamp');
      await t.pool.query(
        `INSERT INTO audit_events (actor_type, action, target_type, occurred_at) VALUES ('system', 'test.ancient', 'test', now() - interval '400 days')`,
      );
      await t.pool.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_stamp');
      const count = async () => (await t.pool.query(`SELECT count(*)::int AS n FROM audit_events`)).rows[0].n as number;
      const total = await count();
      expect(await t.app.get(AuditRetentionService).applyRetention()).toEqual({ deleted: 1 });
      expect(await count()).toBe(total - 1);
    });
  });
});
