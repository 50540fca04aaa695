import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp } from './support/test-app';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const MINUTE = 60_000;

describe('GET /logs, /logs/:id, /logs/stats and /services', () => {
  let t: TestApp;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestApp();
    viewer = t.tokens.viewer;
  });
  afterAll(() => t.close());

  async function ingest(logs: Record<string, unknown>[]) {
    const response = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: logs });
    expect(response.status).toBe(201);
  }
  const search = (query: string, token = viewer) => t.request('GET', `/logs?${query}`, { token });
  const messages = (body: { data: { message: string }[] }) => body.data.map((log) => log.message);

  describe('search', () => {
    const service = unique('search-svc');
    const other = unique('other-svc');
    const base = Date.parse('2026-11-20T12:00:00Z');
    const at = (minutes: number) => new Date(base + minutes * MINUTE).toISOString();
    let incidentId: string;

    beforeAll(async () => {
      await ingest([
        { service_id: service, level: 'DEBUG', message: 'cache warmed', timestamp: at(0) },
        {
          service_id: service,
          level: 'INFO',
          message: 'payment accepted',
          timestamp: at(1),
          metadata: { region: 'eu-west-1', http: { status: 200 } },
        },
        { service_id: service, level: 'WARN', message: 'payment gateway slow', timestamp: at(2), metadata: { region: 'us-east-1' } },
        {
          service_id: service,
          level: 'ERROR',
          message: 'Payment gateway timeout after 30s',
          timestamp: at(3),
          metadata: { region: 'eu-west-1', http: { status: 504 } },
        },
        { service_id: service, level: 'FATAL', message: 'worker crashed', timestamp: at(4) },
        { service_id: other, level: 'ERROR', message: 'gateway timeout elsewhere', timestamp: at(3) },
      ]);
      const { rows } = await t.pool.query(
        `INSERT INTO incidents (id, title, severity, status, created_by, updated_at) VALUES (gen_random_uuid(), 'Gateway', 'HIGH', 'OPEN', 'test', now()) RETURNING id`,
      );
      incidentId = rows[0].id;
      await t.pool.query(
        `INSERT INTO incident_logs (incident_id, log_id, log_ts) SELECT $1, id, "timestamp" FROM logs WHERE service_id = $2 AND level >= 'ERROR'`,
        [incidentId, service],
      );
    });

    it('returns the logs of a service newest first, with every field in snake_case', async () => {
      const response = await search(`service_id=${service}`);
      expect(response.status).toBe(200);
      expect(messages(response.body)).toEqual([
        'worker crashed',
        'Payment gateway timeout after 30s',
        'payment gateway slow',
        'payment accepted',
        'cache warmed',
      ]);
      expect(response.body.next_cursor).toBeNull();
      expect(response.body.data[1]).toEqual({
        id: expect.stringMatching(/^\d+$/),
        timestamp: at(3),
        received_at: expect.any(String),
        service_id: service,
        level: 'ERROR',
        message: 'Payment gateway timeout after 30s',
        metadata: { region: 'eu-west-1', http: { status: 504 } },
      });
    });

    it('filters by exact level and by minimum level', async () => {
      expect(messages((await search(`service_id=${service}&level=warn`)).body)).toEqual(['payment gateway slow']);
      expect(messages((await search(`service_id=${service}&min_level=ERROR`)).body)).toEqual([
        'worker crashed',
        'Payment gateway timeout after 30s',
      ]);
    });

    it('filters by time range: from inclusive, to exclusive', async () => {
      const response = await search(`service_id=${service}&from=${at(1)}&to=${at(3)}`);
      expect(messages(response.body)).toEqual(['payment gateway slow', 'payment accepted']);
    });

    it('finds words in the message with full-text search, case-insensitively', async () => {
      expect(messages((await search(`service_id=${service}&q=gateway`)).body)).toEqual([
        'Payment gateway timeout after 30s',
        'payment gateway slow',
      ]);
      expect(messages((await search(`q=${encodeURIComponent('gateway timeout')}&from=${at(0)}&to=${at(10)}`)).body).sort()).toEqual([
        'Payment gateway timeout after 30s',
        'gateway timeout elsewhere',
      ]);
      expect(messages((await search(`service_id=${service}&q=${encodeURIComponent('gateway -slow')}`)).body)).toEqual([
        'Payment gateway timeout after 30s',
      ]);
    });

    it('filters by incident', async () => {
      expect(messages((await search(`incident_id=${incidentId}`)).body)).toEqual(['worker crashed', 'Payment gateway timeout after 30s']);
    });

    it('filters by metadata values, nested keys included', async () => {
      expect(messages((await search(`service_id=${service}&metadata.region=eu-west-1`)).body)).toEqual([
        'Payment gateway timeout after 30s',
        'payment accepted',
      ]);
      expect(messages((await search(`service_id=${service}&metadata.region=eu-west-1&metadata.http.status=504`)).body)).toEqual([
        'Payment gateway timeout after 30s',
      ]);
      expect((await search(`service_id=${service}&metadata.region=nowhere`)).body.data).toEqual([]);
    });

    it('refuses contradictory or malformed filters with 400 naming the parameter', async () => {
      const cases: [string, RegExp][] = [
        ['level=ERROR&min_level=WARN', /level or min_level/],
        ['level=LOUD', /level must be one of/],
        ['limit=1001', /limit/],
        ['limit=0', /limit/],
        ['from=yesterday', /from must be an ISO 8601/],
        [`from=${at(5)}&to=${at(1)}`, /from must be before to/],
        ['incident_id=not-a-uuid', /incident_id must be a UUID/],
        ['cursor=bm9wZQ', /cursor is invalid/],
        ['unknown=1', /unknown should not exist/],
        ['metadata.=x', /metadata\./],
        ['metadata.a=1&metadata.a=2', /given once/],
      ];
      for (const [query, message] of cases) {
        const response = await search(query);
        expect([query, response.status]).toEqual([query, 400]);
        expect(response.body.message).toMatch(message);
      }
    });

    it('requires a signed-in user: 401 without a token or with an API key', async () => {
      expect((await t.request('GET', '/logs')).status).toBe(401);
      expect((await t.request('GET', '/logs', { apiKey: t.apiKey })).status).toBe(401);
      expect((await t.request('GET', '/services')).status).toBe(401);
      expect((await t.request('GET', '/logs/stats')).status).toBe(401);
    });
  });

  describe('pagination', () => {
    it('walks every log exactly once across pages while new logs keep arriving', async () => {
      const service = unique('paged');
      const base = Date.parse('2026-11-21T08:00:00Z');
      // 25 logs, several sharing a timestamp: the id breaks the tie.
      const logs = Array.from({ length: 25 }, (_, i) => ({
        service_id: service,
        level: 'INFO',
        message: `log ${String(i).padStart(2, '0')}`,
        timestamp: new Date(base + Math.floor(i / 3) * 1000).toISOString(),
      }));
      await ingest(logs);

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response = await search(`service_id=${service}&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
        expect(response.status).toBe(200);
        seen.push(...messages(response.body));
        cursor = response.body.next_cursor;
        pages++;
        // Newer and older logs arrive between pages.
        await ingest([
          { service_id: service, level: 'INFO', message: `newer ${pages}`, timestamp: new Date(base + 3_600_000 + pages).toISOString() },
          { service_id: unique('elsewhere'), level: 'INFO', message: 'unrelated' },
        ]);
      } while (cursor);

      expect(pages).toBe(3);
      const expected = [...logs].reverse().map((log) => log.message);
      // Same-timestamp logs come newest id first, i.e. in reverse insertion order within a second.
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
      expect([...seen].sort()).toEqual([...expected].sort());
      for (let i = 1; i < seen.length; i++) expect(seen[i - 1]! > seen[i]!).toBe(true);
    });
  });

  describe('GET /logs/:id', () => {
    it('returns one log by id', async () => {
      const service = unique('by-id');
      await ingest([{ service_id: service, level: 'ERROR', message: 'find me', timestamp: '2026-11-22T10:00:00Z' }]);
      const [log] = (await search(`service_id=${service}`)).body.data;
      const response = await t.request('GET', `/logs/${log.id}`, { token: viewer });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(log);
    });

    it('answers 404 for an unknown id and 400 for an id that is not a whole number', async () => {
      expect((await t.request('GET', '/logs/999999999999', { token: viewer })).status).toBe(404);
      for (const id of ['abc', '-1', '1.5', '99999999999999999999']) {
        const response = await t.request('GET', `/logs/${id}`, { token: viewer });
        expect([id, response.status]).toEqual([id, 400]);
      }
    });
  });

  describe('GET /logs/stats', () => {
    it('counts logs per bucket and level, listing empty buckets too', async () => {
      const service = unique('stats');
      const base = Date.parse('2026-11-23T10:00:00Z');
      const at = (minute: number, second = 0) => new Date(base + minute * MINUTE + second * 1000).toISOString();
      await ingest([
        { service_id: service, level: 'ERROR', message: 'a', timestamp: at(0, 5) },
        { service_id: service, level: 'ERROR', message: 'b', timestamp: at(0, 50) },
        { service_id: service, level: 'INFO', message: 'c', timestamp: at(0, 59) },
        { service_id: service, level: 'WARN', message: 'd', timestamp: at(2, 1) },
        { service_id: unique('noise'), level: 'ERROR', message: 'e', timestamp: at(0, 1) },
      ]);
      const response = await t.request('GET', `/logs/stats?interval=1m&service_id=${service}&from=${at(0, 30)}&to=${at(3)}`, {
        token: viewer,
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ interval: '1m', from: at(0), to: at(3), service_id: service });
      expect(response.body.buckets).toEqual([
        { start: at(0), total: 3, counts: { DEBUG: 0, INFO: 1, WARN: 0, ERROR: 2, FATAL: 0 } },
        { start: at(1), total: 0, counts: { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 } },
        { start: at(2), total: 1, counts: { DEBUG: 0, INFO: 0, WARN: 1, ERROR: 0, FATAL: 0 } },
      ]);

      const hourly = await t.request('GET', `/logs/stats?interval=1h&service_id=${service}&from=${at(0)}&to=${at(60)}`, { token: viewer });
      expect(hourly.body.buckets).toEqual([{ start: at(0), total: 4, counts: { DEBUG: 0, INFO: 1, WARN: 1, ERROR: 2, FATAL: 0 } }]);
    });

    it('covers the last 24 hours by default', async () => {
      const response = await t.request('GET', '/logs/stats?interval=1h', { token: viewer });
      expect(response.status).toBe(200);
      const span = Date.parse(response.body.to) - Date.parse(response.body.from);
      expect(span).toBeGreaterThanOrEqual(24 * 3_600_000);
      expect(span).toBeLessThan(25 * 3_600_000);
      expect(response.body.buckets.length).toBeGreaterThanOrEqual(24);
    });

    it('refuses an unknown interval, a backwards range and too many buckets with 400', async () => {
      expect((await t.request('GET', '/logs/stats?interval=2m', { token: viewer })).body.message).toMatch(
        /interval must be one of 1m, 5m, 1h, 1d/,
      );
      expect((await t.request('GET', '/logs/stats?from=2026-11-23T10:00:00Z&to=2026-11-22T10:00:00Z', { token: viewer })).status).toBe(400);
      const tooMany = await t.request('GET', '/logs/stats?interval=1m&from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z', {
        token: viewer,
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.message).toMatch(/at most 5000/);
    });
  });

  describe('GET /services', () => {
    it('lists each service with first and last seen and its logs per level over the last hour', async () => {
      const service = unique('listed');
      const now = Date.now();
      await ingest([
        { service_id: service, level: 'ERROR', message: 'x', timestamp: new Date(now - 10 * MINUTE).toISOString() },
        { service_id: service, level: 'ERROR', message: 'y', timestamp: new Date(now - 5 * MINUTE).toISOString() },
        { service_id: service, level: 'INFO', message: 'z', timestamp: new Date(now - 2 * MINUTE).toISOString() },
        { service_id: service, level: 'INFO', message: 'too old for the hour', timestamp: new Date(now - 90 * MINUTE).toISOString() },
      ]);
      // A later log of a known service updates last_seen_at within about a second.
      const latest = new Date(now - MINUTE).toISOString();
      await ingest([{ service_id: service, level: 'WARN', message: 'later', timestamp: latest }]);

      let entry: any;
      const deadline = Date.now() + 5000;
      do {
        const response = await t.request('GET', '/services', { token: viewer });
        expect(response.status).toBe(200);
        entry = response.body.data.find((s: { service_id: string }) => s.service_id === service);
        if (entry?.last_seen_at === latest) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < deadline);

      expect(entry).toEqual({
        service_id: service,
        first_seen_at: new Date(now - 90 * MINUTE).toISOString(),
        last_seen_at: latest,
        last_hour: { DEBUG: 0, INFO: 1, WARN: 1, ERROR: 2, FATAL: 0 },
        last_hour_total: 4,
        // Sparklines and incidents: test/services.e2e-spec.ts.
        activity: { volume: expect.any(Array), errors: expect.any(Array) },
        unresolved_incidents: expect.objectContaining({ total: 0 }),
      });
    });
  });
});
