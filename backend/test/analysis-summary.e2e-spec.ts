import { randomUUID } from 'node:crypto';
import { ensureLogPartitions, type FixtureLog, minutesAgo, seedIncident } from './support/analysis-fixtures';
import { closeInstance, startInstance } from './support/app-instances';
import { chatCompletion, FakeLlm } from './support/fake-llm';
import { startTestApp, type TestApp } from './support/test-app';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
// Personal data and secrets planted in the incident and its logs: none may reach the LLM.
const SECRETS = [
  'alice@example.com',
  'bob@corp.example',
  '203.0.113.7',
  '198.51.100.23',
  'abcd1234secret',
  'hunter2',
  'ilm_SECRETKEYVALUE123',
  JWT.slice(0, 20),
  '4111 1111 1111 1111',
];
const LLM_TIMEOUT_MS = 500;

describe('AI summaries of an incident', () => {
  const fake = new FakeLlm();
  let t: TestApp;
  let unconfigured: TestApp;
  let incidentId: string;
  const now = Date.now();

  // Extra instances share the main one's database and JWT secret: the main tokens work on all.
  const summarize = (app: TestApp, token = t.tokens.responder, id = incidentId) =>
    app.request('POST', `/incidents/${id}/analysis/summary`, { token });
  const lastTimelineEntry = async () => {
    const { rows } = await t.pool.query(
      `SELECT type, actor, actor_user_id, body, after FROM incident_events WHERE incident_id = $1 AND type = 'analysis_summary' ORDER BY id DESC LIMIT 1`,
      [incidentId],
    );
    return rows[0];
  };

  beforeAll(async () => {
    const url = await fake.start();
    t = await startTestApp({
      env: { LLM_API_URL: url, LLM_API_KEY: 'sk-fake-key-for-tests', LLM_MODEL: 'test-model', LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS) },
    });
    unconfigured = await startInstance(t);
    await ensureLogPartitions(t.pool);
    const logs: FixtureLog[] = [];
    for (let i = 0; i < 20; i++) {
      const timestamp = minutesAgo(15 - i * 0.5, now);
      logs.push({ timestamp, serviceId: 'payments', level: 'ERROR', message: `Payment gateway timeout after ${5000 + i}ms for tx_${i}` });
      logs.push({
        timestamp,
        serviceId: 'auth',
        level: 'WARN',
        message: `Login failed for alice@example.com from 203.0.113.7 with token=abcd1234secret`,
      });
      logs.push({
        timestamp,
        serviceId: 'auth',
        level: 'ERROR',
        message: `Bearer ${JWT} rejected, api_key=ilm_SECRETKEYVALUE123 card 4111 1111 1111 1111`,
      });
    }
    incidentId = await seedIncident(
      t.pool,
      {
        title: 'Payments failing for bob@corp.example',
        description: 'Reported from 198.51.100.23, admin password=hunter2',
        firstSeenAt: minutesAgo(15, now),
        lastSeenAt: minutesAgo(5, now),
      },
      logs,
    );
  });
  afterAll(async () => {
    if (unconfigured) await closeInstance(t, unconfigured);
    await t?.close();
    await fake.close();
  });

  it('asks the configured model with a bounded, redacted prompt and records its answer on the timeline', async () => {
    fake.answer({
      body: chatCompletion(
        '```json\n{"summary": "The payment gateway times out.", "root_causes": ["Gateway overloaded", "Expired auth tokens"]}\n```',
        'test-model-2026-01',
      ),
    });
    const before = fake.requests.length;
    const res = await summarize(t);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      source: 'llm',
      model: 'test-model-2026-01',
      summary: 'The payment gateway times out.',
      root_causes: ['Gateway overloaded', 'Expired auth tokens'],
      generated_at: expect.any(String),
    });

    expect(fake.requests).toHaveLength(before + 1);
    const sent = fake.requests.at(-1)!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-fake-key-for-tests');
    expect(sent.body.model).toBe('test-model');
    expect(sent.body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    const prompt = sent.body.messages.map((m: { content: string }) => m.content).join('\n');
    expect(Buffer.byteLength(prompt)).toBeLessThanOrEqual(8 * 1024);
    expect(prompt).toContain('Payment gateway timeout after <DURATION> for tx_<NUM>');
    expect(prompt).toContain('Payments failing for [EMAIL]');
    for (const secret of SECRETS) expect(prompt).not.toContain(secret);

    const entry = await lastTimelineEntry();
    expect(entry).toMatchObject({
      actor: `user:${t.users.responder.id}`,
      actor_user_id: t.users.responder.id,
      body: 'The payment gateway times out.',
      after: { source: 'llm', model: 'test-model-2026-01', root_causes: ['Gateway overloaded', 'Expired auth tokens'] },
    });
  });

  it('stores an answer carrying NUL and control characters without them (PostgreSQL refuses NUL)', async () => {
    fake.answer({
      body: chatCompletion(
        JSON.stringify({ summary: 'Gateway\u0000 down\u001b.', root_causes: ['Pool\u0000 exhausted'] }),
        'model\u0000-x',
      ),
    });
    const res = await summarize(t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'llm', model: 'model-x', summary: 'Gateway down.', root_causes: ['Pool exhausted'] });
    expect(await lastTimelineEntry()).toMatchObject({
      body: 'Gateway down.',
      after: { model: 'model-x', root_causes: ['Pool exhausted'] },
    });
  });

  it('falls back to a deterministic summary when the model does not answer in time', async () => {
    fake.answer('hang');
    const started = Date.now();
    const res = await summarize(t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'deterministic', fallback_reason: 'timeout' });
    expect(res.body.model).toBeUndefined();
    expect(res.body.summary).toContain('Payments failing for bob@corp.example (HIGH, OPEN).');
    expect(res.body.summary).toContain('60 linked logs');
    expect(res.body.root_causes.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(LLM_TIMEOUT_MS - 50);
    expect((await lastTimelineEntry()).after).toMatchObject({ source: 'deterministic', fallback_reason: 'timeout' });
  });

  it.each([
    ['an answer that is not JSON', { raw: 'upstream says hello' }, 'invalid_response'],
    ['a completion whose content is prose', { body: chatCompletion('I believe it is DNS.') }, 'invalid_response'],
    ['a completion without a summary', { body: chatCompletion('{"root_causes":["x"]}') }, 'invalid_response'],
    ['an HTTP error', { status: 500, body: { error: { message: 'overloaded' } } }, 'http_error'],
    ['a redirect', { status: 307, body: {} }, 'http_error'],
  ])('falls back to a deterministic summary on %s', async (_case, behaviour, reason) => {
    fake.answer(behaviour);
    const res = await summarize(t);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'deterministic', fallback_reason: reason });
    expect(res.body.summary).toContain('Most frequent message');
  });

  it('writes a deterministic summary without asking anyone when no LLM is configured', async () => {
    const before = fake.requests.length;
    const res = await summarize(unconfigured);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ source: 'deterministic', fallback_reason: 'not_configured' });
    expect(fake.requests).toHaveLength(before);
    expect((await lastTimelineEntry()).after).toMatchObject({ source: 'deterministic', fallback_reason: 'not_configured' });
  });

  it('falls back when the model cannot be reached at all', async () => {
    const unreachable = await startInstance(t, { LLM_API_URL: 'http://127.0.0.1:1/v1' });
    try {
      const res = await summarize(unreachable);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ source: 'deterministic', fallback_reason: 'unreachable' });
    } finally {
      await closeInstance(t, unreachable);
    }
  });

  it('lets responders and admins ask, not viewers', async () => {
    fake.answer({ body: chatCompletion('{"summary":"ok","root_causes":[]}') });
    expect((await summarize(t, t.tokens.admin)).status).toBe(200);
    const viewer = await summarize(t, t.tokens.viewer);
    expect(viewer.status).toBe(403);
    expect((await t.request('POST', `/incidents/${incidentId}/analysis/summary`)).status).toBe(401);
  });

  it('returns 404 for an unknown incident and 400 for an id that is not a UUID', async () => {
    const before = fake.requests.length;
    expect((await summarize(t, t.tokens.responder, randomUUID())).status).toBe(404);
    expect((await summarize(t, t.tokens.responder, '42')).status).toBe(400);
    expect(fake.requests).toHaveLength(before);
  });
});
