import { COMMITTED_LOGS_CHANNEL } from '../src/logs/committed-logs-pointer';
import { LogTailConnections } from '../src/logs/tail/log-tail-connections';
import { IncidentEventListener } from '../src/outbox/incident-event-listener';
import { LiveStreamQuota } from '../src/realtime/live-stream-quota';
import { closeInstance, startInstance } from './support/app-instances';
import { openEventStream, type SseEvent } from './support/live-clients';
import { eventually, ingestLogs, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

// Arrival is typically a few ms after the 201; the margin is for a loaded 2-core test box.
const ARRIVAL_MS = 5000;

const tail = (t: TestApp, query = '', token = t.tokens.viewer) => openEventStream(t.baseUrl, token, { path: `/logs/tail${query}` });
const logs = (client: { received: SseEvent[] }) => client.received.filter((e) => e.event === 'log').map((e) => e.data);
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

describe('live tail (GET /logs/tail)', () => {
  let a: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
  });
  afterAll(async () => {
    await a?.close();
  });

  it('streams a log ingested after it opened, as GET /logs/:id shows it', async () => {
    const service = unique('tail');
    const client = await tail(a, `?service_id=${service}`);
    try {
      expect(client.status).toBe(200);
      await ingestLogs(a, [{ service_id: service, level: 'WARN', message: 'disk almost full', metadata: { disk: { used: 97 } } }]);
      const event = await client.waitFor((e) => e.event === 'log', ARRIVAL_MS);
      const stored = await a.request('GET', `/logs/${event.data.id}`, { token: a.tokens.viewer });
      expect(event.data).toEqual(stored.body);
      expect(event.data).toMatchObject({
        service_id: service,
        level: 'WARN',
        message: 'disk almost full',
        metadata: { disk: { used: 97 } },
      });
      expect(client.comments).toContain('connected');
    } finally {
      await client.close();
    }
  });

  it('applies the filters of GET /logs: service, level, word search, metadata', async () => {
    const service = unique('filtered');
    const other = unique('other');
    const query = `?service_id=${service}&min_level=WARN&q=${encodeURIComponent('"gateway timeout" -retrying')}&metadata.region=eu&metadata.http.status=504`;
    const client = await tail(a, query);
    const matching: TestLog = {
      service_id: service,
      level: 'ERROR',
      message: 'Payment gateway timeout',
      metadata: { region: 'eu', http: { status: 504 } },
    };
    try {
      await ingestLogs(a, [
        { ...matching, service_id: other },
        { ...matching, level: 'INFO' },
        { ...matching, message: 'timeout at the gateway' },
        { ...matching, message: 'Payment gateway timeout, retrying' },
        { ...matching, metadata: { region: 'us', http: { status: 504 } } },
        { ...matching, metadata: { region: 'eu' } },
      ]);
      await ingestLogs(a, [{ ...matching, message: 'Payment GATEWAY TIMEOUT (last)' }]);
      await client.waitFor((e) => e.event === 'log', ARRIVAL_MS);
      // The misses were committed first; give them time to arrive anyway, if they were going to.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(logs(client).map((log) => log.message)).toEqual(['Payment GATEWAY TIMEOUT (last)']);
      // The search finds exactly the same log among those seven.
      const search = await a.request('GET', `/logs${query}`, { token: a.tokens.viewer });
      expect(search.body.data.map((log: { id: string }) => log.id)).toEqual(logs(client).map((log) => log.id));
    } finally {
      await client.close();
    }
  });

  it('gives every client its own filter from one read per commit', async () => {
    const service = unique('fanout');
    const errors = await Promise.all([1, 2].map(() => tail(a, `?service_id=${service}&level=ERROR`)));
    const everything = await tail(a, `?service_id=${service}`);
    try {
      await ingestLogs(a, [
        { service_id: service, level: 'INFO', message: 'one' },
        { service_id: service, level: 'ERROR', message: 'two' },
      ]);
      await everything.waitFor(() => logs(everything).length === 2, ARRIVAL_MS);
      for (const client of errors) await client.waitFor((e) => e.data.message === 'two', ARRIVAL_MS);
      expect(errors.map((client) => logs(client).map((log) => log.message))).toEqual([['two'], ['two']]);
      expect(logs(everything).map((log) => log.message)).toEqual(['one', 'two']);
    } finally {
      await Promise.all([...errors, everything].map((client) => client.close()));
    }
  });

  it('shows logs that another app instance on the same database committed', async () => {
    const b = await startInstance(a);
    const service = unique('cross');
    const client = await tail(a, `?service_id=${service}`);
    try {
      await ingestLogs({ ...b, apiKey: a.apiKey }, [{ service_id: service, message: 'from instance b' }]);
      const event = await client.waitFor((e) => e.event === 'log', ARRIVAL_MS);
      expect(event.data.message).toBe('from instance b');
    } finally {
      await client.close();
      await closeInstance(a, b);
    }
  });

  it('listens for commits only while it has tail clients', async () => {
    const listener = a.app.get(IncidentEventListener);
    await eventually(async () => !listener.isListening(COMMITTED_LOGS_CHANNEL), 3000);
    const client = await tail(a);
    expect(listener.isListening(COMMITTED_LOGS_CHANNEL)).toBe(true);
    await client.close();
    await eventually(async () => a.app.get(LogTailConnections).size === 0 && !listener.isListening(COMMITTED_LOGS_CHANNEL), 3000);
  });

  it('drops what a paused reader cannot take and, once it reads again, says exactly how many it skipped', async () => {
    const service = unique('slow');
    const client = await tail(a, `?service_id=${service}`);
    // 30 KB messages: ~18 MB in all, far more than the socket buffers and the 256 KB held per connection.
    const total = 600;
    const big = (i: number): TestLog => ({ service_id: service, level: 'INFO', message: `${i} ${'x'.repeat(30_000)}` });
    try {
      client.pause!();
      for (let start = 0; start < total; start += 100) {
        await ingestLogs(
          a,
          Array.from({ length: 100 }, (_, i) => big(start + i)),
        );
      }
      // Let the instance read them all and fill what it may hold for this client.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      client.resume!();
      const skipped = () => client.received.filter((e) => e.event === 'skipped').reduce((sum, e) => sum + e.data.skipped, 0);
      await eventually(async () => logs(client).length + skipped() === total, 15_000);
      const received = logs(client).map((log) => Number(log.message.split(' ')[0]));
      expect(skipped()).toBeGreaterThan(0);
      expect(skipped()).toBe(total - received.length);
      // What arrived is in order and without repeats, and each skipped event sits exactly in its gap.
      expect(received).toEqual([...received].sort((x, y) => x - y));
      let previous = -1;
      let gap = 0;
      for (const event of client.received) {
        if (event.event === 'skipped') gap += event.data.skipped;
        if (event.event !== 'log') continue;
        expect(Number(event.data.message.split(' ')[0]) - previous - 1).toBe(gap);
        previous = Number(event.data.message.split(' ')[0]);
        gap = 0;
      }
      expect(total - 1 - previous).toBe(gap);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('takes a slot under the live-stream caps: past LIVE_STREAMS_PER_USER it answers 429, and a closed tail frees it', async () => {
    const c = await startInstance(a, { LIVE_STREAMS_PER_USER: '2', LIVE_STREAMS_MAX: '8' });
    const open = [await tail(c, '', a.tokens.viewer), await tail(c, '', a.tokens.viewer)];
    try {
      expect(open.map((client) => client.status)).toEqual([200, 200]);
      const refused = await c.request('GET', '/logs/tail', { token: a.tokens.viewer });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/limit 2/) });
      // /events counts against the same cap.
      expect((await c.request('GET', '/events', { token: a.tokens.viewer })).status).toBe(429);
      await open.pop()!.close();
      await eventually(async () => c.app.get(LiveStreamQuota).size === 1, 3000);
      const again = await tail(c, '', a.tokens.viewer);
      expect(again.status).toBe(200);
      open.push(again);
    } finally {
      await Promise.all(open.map((client) => client.close()));
      await closeInstance(a, c);
    }
  });

  it('refuses a missing or invalid token with 401, before looking at the filters', async () => {
    const missing = await a.request('GET', '/logs/tail?level=LOUD');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401 });
    expect((await a.request('GET', '/logs/tail?token=not-a-jwt')).status).toBe(401);
    const expired = await a.signToken({ ...a.users.viewer, role: 'VIEWER' }, { expiresIn: -10 });
    expect((await a.request('GET', '/logs/tail', { token: expired })).status).toBe(401);
  });

  it('accepts the token as ?token= for EventSource', async () => {
    const client = await openEventStream(a.baseUrl, '', { path: `/logs/tail?token=${encodeURIComponent(a.tokens.viewer)}` });
    try {
      expect(client.status).toBe(200);
    } finally {
      await client.close();
    }
  });

  it('refuses bad filters with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['?level=LOUD', 'level'],
      ['?min_level=1', 'min_level'],
      ['?service_id=a%20b', 'service_id'],
      ['?level=ERROR&min_level=WARN', 'min_level'],
      ['?metadata.=x', 'metadata.'],
      ['?from=2026-01-01T00:00:00Z', 'from'],
      ['?cursor=abc', 'cursor'],
      [`?q=${'x'.repeat(201)}`, 'q'],
    ];
    for (const [query, field] of cases) {
      const res = await a.request('GET', `/logs/tail${query}`, { token: a.tokens.viewer });
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('is documented in the OpenAPI document as a text/event-stream with its events', async () => {
    const doc = (await a.request('GET', '/api-json')).body;
    const get = doc.paths['/logs/tail'].get;
    expect(Object.keys(get.responses['200'].content)).toEqual(['text/event-stream']);
    expect(get.responses['200'].content['text/event-stream'].example).toContain('event: skipped');
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['200', '400', '401']));
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['service_id', 'level', 'min_level', 'q', 'metadata.{key}']),
    );
    expect(doc.components.schemas.TailSkippedEventDto.properties.skipped.example).toBe(412);
  });
});
