import { openEventStream, openWebSocket, tryWebSocket, webSocketCloseCode } from './support/live-clients';
import { writeOutboxEvent } from './support/outbox';
import { closeInstance, startInstance } from './support/app-instances';
import { startTestApp, type TestApp } from './support/test-app';
import { eventually } from './support/webhook-receiver';
import { LiveStreamQuota } from '../src/realtime/live-stream-quota';
import { LiveUpdatesGateway } from '../src/realtime/live-updates.gateway';
import { SseConnections } from '../src/realtime/sse-connections';

describe('live updates (WebSocket /ws and SSE /events)', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    // A second instance on the same database, signing tokens with the same secret.
    b = await startInstance(a);
  });
  afterAll(async () => {
    if (b) await closeInstance(a, b);
    await a?.close();
  });

  it('pushes incident.opened to a WebSocket client within 1 s', async () => {
    const client = await openWebSocket(a.baseUrl, a.tokens.viewer);
    try {
      const started = Date.now();
      const event = await writeOutboxEvent(a.pool, { title: 'ws test' });
      const message = await client.waitFor((m) => m.id === event.id, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(message).toMatchObject({
        id: event.id,
        event: 'incident.opened',
        occurred_at: event.occurred_at,
        incident: { id: event.incident.id, title: 'ws test' },
      });
    } finally {
      await client.close();
    }
  });

  it('accepts the token in the Authorization header too', async () => {
    const client = await openWebSocket(a.baseUrl, a.tokens.responder, 'header');
    const event = await writeOutboxEvent(a.pool);
    await expect(client.waitFor((m) => m.id === event.id, 1000)).resolves.toBeDefined();
    await client.close();
  });

  it('closes a WebSocket with 4401 when the token is missing or invalid', async () => {
    expect(await webSocketCloseCode(a.baseUrl, '')).toBe(4401);
    expect(await webSocketCloseCode(a.baseUrl, '?token=not-a-jwt')).toBe(4401);
    const expired = await a.signToken({ ...a.users.viewer, role: 'VIEWER' }, { expiresIn: -10 });
    expect(await webSocketCloseCode(a.baseUrl, `?token=${expired}`)).toBe(4401);
  });

  it("refuses a revoked token at connect and closes a user's open streams once their password changes, nobody else's", async () => {
    const email = `streamer-${Date.now()}@example.test`;
    const created = await a.request('POST', '/users', {
      token: a.tokens.admin,
      body: { email, password: 'stream-password-1', role: 'VIEWER' },
    });
    expect(created.status).toBe(201);
    const token = (await a.request('POST', '/auth/login', { body: { email, password: 'stream-password-1' } })).body.access_token;
    const ws = await openWebSocket(a.baseUrl, token);
    const sse = await openEventStream(a.baseUrl, token);
    const bystander = await openWebSocket(a.baseUrl, a.tokens.viewer);
    try {
      const changed = await a.request('POST', '/auth/password', {
        token,
        body: { current_password: 'stream-password-1', new_password: 'stream-password-2' },
      });
      expect(changed.status).toBe(200);
      expect(await webSocketCloseCode(a.baseUrl, `?token=${token}`)).toBe(4401);
      expect((await a.request('GET', '/events', { token })).status).toBe(401);

      // What the 30-second recheck does, run now.
      await a.app.get(LiveUpdatesGateway).closeRevoked();
      await a.app.get(SseConnections).closeRevoked();
      await eventually(async () => ws.closeCode() === 4401 && sse.ended!(), 3000, 'the revoked streams closed');
      expect(bystander.closeCode()).toBeUndefined();
      const event = await writeOutboxEvent(a.pool);
      await expect(bystander.waitFor((m) => m.id === event.id, 2000)).resolves.toBeDefined();

      const fresh = await openWebSocket(a.baseUrl, changed.body.access_token);
      await fresh.close();
    } finally {
      await Promise.all([ws.close(), sse.close(), bystander.close()]);
    }
  });

  it('streams incident.opened over SSE within 1 s, with the outbox id as id and the type as event', async () => {
    // A fetch-streaming client, as in a browser; the app ends the stream (see openEventStream).
    const c = await startInstance(a);
    const stream = await openEventStream(c.baseUrl, a.tokens.viewer, { transport: 'fetch' });
    try {
      expect(stream.status).toBe(200);
      const started = Date.now();
      const event = await writeOutboxEvent(a.pool, { title: 'sse test' });
      const received = await stream.waitFor((e) => e.id === event.id, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(received).toMatchObject({ id: event.id, event: 'incident.opened', data: { id: event.id, incident: { title: 'sse test' } } });
      expect(stream.comments).toContain('connected');
    } finally {
      await closeInstance(a, c);
      await stream.close();
    }
  });

  it('replays what an SSE client missed when it reconnects with Last-Event-ID', async () => {
    const first = await writeOutboxEvent(a.pool, { title: 'before' });
    const missed1 = await writeOutboxEvent(a.pool, { title: 'missed 1' });
    const missed2 = await writeOutboxEvent(a.pool, { type: 'incident.acknowledged', incidentId: missed1.incident.id });
    const stream = await openEventStream(a.baseUrl, a.tokens.viewer, { lastEventId: first.id });
    try {
      await stream.waitFor((e) => e.id === missed2.id, 2000);
      const ids = stream.received.map((e) => e.id);
      expect(ids).not.toContain(first.id);
      expect(ids.indexOf(missed1.id)).toBeLessThan(ids.indexOf(missed2.id));
    } finally {
      await stream.close();
    }
  });

  it('refuses an SSE client without a valid token with 401', async () => {
    const response = await fetch(`${a.baseUrl}/events`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    const bad = await fetch(`${a.baseUrl}/events?token=nope`);
    expect(bad.status).toBe(401);
    await bad.body?.cancel();
  });

  it('delivers an event written through instance A to WebSocket and SSE clients of instance B', async () => {
    const ws = await openWebSocket(b.baseUrl, a.tokens.viewer);
    const sse = await openEventStream(b.baseUrl, a.tokens.viewer);
    try {
      const event = await writeOutboxEvent(a.pool, { title: 'cross-instance' });
      await expect(ws.waitFor((m) => m.id === event.id, 1000)).resolves.toMatchObject({ incident: { title: 'cross-instance' } });
      await expect(sse.waitFor((e) => e.id === event.id, 1000)).resolves.toMatchObject({ event: 'incident.opened' });
    } finally {
      await ws.close();
      await sse.close();
    }
  });

  it('pushes an incident opened through the incidents API (POST /incidents as a responder)', async () => {
    const ws = await openWebSocket(a.baseUrl, a.tokens.viewer);
    try {
      const created = await a.request('POST', '/incidents', {
        token: a.tokens.responder,
        body: { title: 'Checkout is down', severity: 'CRITICAL' },
      });
      expect(created.status).toBe(201);
      const message = await ws.waitFor((m) => m.incident?.id === created.body.id, 1000);
      expect(message).toMatchObject({ event: 'incident.opened', incident: { title: 'Checkout is down', severity: 'CRITICAL' } });
    } finally {
      await ws.close();
    }
  });

  it('catches up on events written while its LISTEN connection was down', async () => {
    const c = await startTestApp({ databaseUrl: a.databaseUrl, seed: false, proxy: true, env: { JWT_SECRET: a.config.auth.jwtSecret } });
    try {
      const stream = await openEventStream(c.baseUrl, a.tokens.viewer);
      await c.proxy!.cut();
      const event = await writeOutboxEvent(a.pool, { title: 'written during the outage' });
      await c.proxy!.restore();
      await expect(stream.waitFor((e) => e.id === event.id, 8000)).resolves.toBeDefined();
      await stream.close();
    } finally {
      await closeInstance(a, c);
    }
  });

  it('closes open streams when the app shuts down, so app.close() does not hang', async () => {
    const c = await startInstance(a);
    const ws = await openWebSocket(c.baseUrl, a.tokens.viewer);
    const sse = await openEventStream(c.baseUrl, a.tokens.viewer, { transport: 'fetch' });
    const started = Date.now();
    await closeInstance(a, c);
    expect(Date.now() - started).toBeLessThan(5000);
    await ws.close();
    await sse.close();
  });

  describe('stream caps (5 per user, 8 per instance, WebSocket and SSE counted together)', () => {
    let c: TestApp;
    beforeAll(async () => {
      c = await startInstance(a, { LIVE_STREAMS_PER_USER: '5', LIVE_STREAMS_MAX: '8' });
    });
    afterAll(async () => {
      if (c) await closeInstance(a, c);
    });
    // A client's close resolves before the server has processed it: each test starts from zero.
    afterEach(() => eventually(async () => c.app.get(LiveStreamQuota).size === 0, 3000, 'every slot given back'));

    it('accepts 5 of 60 WebSockets opened at once on one token and closes the rest with 1008 and a reason', async () => {
      // 60 concurrent connects: far past the cap, and enough to expose a check-then-count race.
      const attempts = await Promise.all(Array.from({ length: 60 }, () => tryWebSocket(c.baseUrl, a.tokens.viewer)));
      const open = attempts.flatMap((attempt) => ('client' in attempt ? [attempt.client] : []));
      const refused = attempts.flatMap((attempt) => ('refused' in attempt ? [attempt.refused] : []));
      try {
        expect(open).toHaveLength(5);
        expect(refused).toHaveLength(55);
        expect(new Set(refused.map((r) => r.code))).toEqual(new Set([1008]));
        expect(refused[0]!.reason).toMatch(/live streams.*limit 5/i);

        // The SSE stream of the same user counts against the same cap: 429 in the one error shape.
        const sse = await c.request('GET', '/events', { token: a.tokens.viewer });
        expect(sse.status).toBe(429);
        expect(sse.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/limit 5/) });

        // The accepted ones still work, and closing one frees its slot.
        const event = await writeOutboxEvent(a.pool);
        await Promise.all(open.map((client) => client.waitFor((m) => m.id === event.id, 2000)));
        await open.pop()!.close();
        const again = await eventually(async () => {
          const attempt = await tryWebSocket(c.baseUrl, a.tokens.viewer);
          return 'client' in attempt && attempt.client;
        }, 3000);
        open.push(again);
      } finally {
        await Promise.all(open.map((client) => client.close()));
      }
    });

    it('refuses every user once the instance holds 8 streams: 1013 on /ws, 429 with Retry-After on /events', async () => {
      const viewerStreams = await Promise.all(Array.from({ length: 5 }, () => openWebSocket(c.baseUrl, a.tokens.viewer)));
      const responderWs = await Promise.all(Array.from({ length: 2 }, () => openWebSocket(c.baseUrl, a.tokens.responder)));
      const responderSse = await openEventStream(c.baseUrl, a.tokens.responder);
      try {
        expect(responderSse.status).toBe(200);
        const refused = await tryWebSocket(c.baseUrl, a.tokens.admin);
        expect(refused).toEqual({ refused: { code: 1013, reason: expect.stringMatching(/limit 8.*try again later/i) } });
        const sse = await c.request('GET', '/events', { token: a.tokens.admin });
        expect(sse.status).toBe(429);
        expect(Number(sse.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(sse.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      } finally {
        await Promise.all([...viewerStreams, ...responderWs, responderSse].map((client) => client.close()));
      }
      // Every slot came back when its stream closed, whichever way (WebSocket or SSE).
      await eventually(async () => c.app.get(LiveStreamQuota).size === 0, 3000, 'every slot given back');
      const admin = await openWebSocket(c.baseUrl, a.tokens.admin);
      await admin.close();
    });
  });
});
