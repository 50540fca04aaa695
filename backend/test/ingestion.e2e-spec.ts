import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { startTestApp, type TestApp } from './support/test-app';
import { storedLogsOf } from './support/logs';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('POST /ingest and POST /v1/logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const storedLogs = (serviceId: string) => storedLogsOf(t.pool, serviceId);

  it('stores a single log exactly as existing clients send it, visible as soon as the 201 arrives', async () => {
    const service = unique('payment-service');
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: {
        service_id: service,
        timestamp: '2026-01-24T10:00:00Z',
        level: 'ERROR',
        message: 'Payment gateway timeout',
        metadata: { transaction_id: 'tx_123' },
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ accepted: 1 });
    // Browser security headers are skipped on the ingest routes (they cost CPU and protect nothing there).
    expect(response.headers.get('content-security-policy')).toBeNull();
    const rows = await storedLogs(service);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: 'ERROR', message: 'Payment gateway timeout', metadata: { transaction_id: 'tx_123' } });
    expect(rows[0]!.timestamp.toISOString()).toBe('2026-01-24T10:00:00.000Z');
  });

  it('defaults the timestamp to the receive time and reads the level in any case', async () => {
    const service = unique('svc');
    const before = Date.now();
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: { service_id: service, level: 'warn', message: 'disk 91% full' },
    });
    expect(response.status).toBe(201);
    const [row] = await storedLogs(service);
    expect(row!.level).toBe('WARN');
    expect(row!.timestamp.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(row!.timestamp.getTime()).toBeLessThanOrEqual(Date.now() + 5);
  });

  it('accepts a JSON array of logs', async () => {
    const service = unique('svc');
    const logs = [1, 2, 3].map((n) => ({ service_id: service, level: 'INFO', message: `m${n}` }));
    const response = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: logs });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ accepted: 3 });
    expect((await storedLogs(service)).map((r) => r.message).sort()).toEqual(['m1', 'm2', 'm3']);
  });

  it('accepts {"logs": [...]}', async () => {
    const service = unique('svc');
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: {
        logs: [
          { service_id: service, level: 'DEBUG', message: 'a' },
          { service_id: service, level: 'FATAL', message: 'b' },
        ],
      },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ accepted: 2 });
    expect((await storedLogs(service)).map((r) => r.level).sort()).toEqual(['DEBUG', 'FATAL']);
  });

  it('accepts NDJSON, one log per line, ignoring blank lines', async () => {
    const service = unique('svc');
    const body = [
      JSON.stringify({ service_id: service, level: 'INFO', message: 'line one' }),
      '',
      JSON.stringify({ service_id: service, level: 'ERROR', message: 'line three' }),
      '',
    ].join('\n');
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      rawBody: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ accepted: 2 });
    expect((await storedLogs(service)).map((r) => r.message).sort()).toEqual(['line one', 'line three']);
  });

  it('reports NDJSON errors with the line number and stores nothing', async () => {
    const service = unique('svc');
    const body = [
      JSON.stringify({ service_id: service, level: 'INFO', message: 'ok' }),
      '',
      '{"service_id": broken',
      JSON.stringify({ service_id: service, level: 'LOUD', message: 'x' }),
    ].join('\n');
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      rawBody: body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ index: 1, line: 3, field: 'log' }),
      expect.objectContaining({ index: 2, line: 4, field: 'level' }),
    ]);
    expect(await storedLogs(service)).toHaveLength(0);
  });

  it('accepts gzip-compressed JSON and NDJSON bodies', async () => {
    const service = unique('svc');
    const json = gzipSync(JSON.stringify([{ service_id: service, level: 'INFO', message: 'zipped json' }]));
    const first = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      rawBody: json,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(first.status).toBe(201);
    const ndjson = gzipSync(`${JSON.stringify({ service_id: service, level: 'INFO', message: 'zipped ndjson' })}\n`);
    const second = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      rawBody: ndjson,
      headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' },
    });
    expect(second.status).toBe(201);
    expect((await storedLogs(service)).map((r) => r.message).sort()).toEqual(['zipped json', 'zipped ndjson']);
  });

  it('stores nothing of a request in which one log is invalid, and lists it by index and field', async () => {
    const service = unique('svc');
    const logs = Array.from({ length: 5 }, (_, i) => ({ service_id: service, level: 'INFO', message: `m${i}` }));
    logs[3] = { service_id: service, level: 'NOPE', message: 'bad' };
    const response = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: logs });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toMatch(/1 of 5 logs invalid, nothing was stored/);
    expect(response.body.details).toEqual([
      { index: 3, field: 'level', message: expect.stringContaining('DEBUG, INFO, WARN, ERROR, FATAL') },
    ]);
    expect(await storedLogs(service)).toHaveLength(0);
  });

  it('maps an OTLP/HTTP JSON export to logs and answers as OTLP expects', async () => {
    const service = unique('otel-service');
    const response = await t.request('POST', '/v1/logs', {
      apiKey: t.apiKey,
      body: {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: '1769248800000000000',
                    severityNumber: 17,
                    body: { stringValue: 'Payment gateway timeout' },
                    attributes: [
                      { key: 'transaction_id', value: { stringValue: 'tx_123' } },
                      { key: 'attempt', value: { intValue: '3' } },
                    ],
                    traceId: '5b8efff798038103d269b633813fc60c',
                  },
                  {
                    observedTimeUnixNano: '1769248801000000000',
                    severityText: 'warning',
                    body: { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } },
                  },
                  { timeUnixNano: '1769248802000000000', severityNumber: 23, body: { stringValue: 'fatal' } },
                  { timeUnixNano: '1769248803000000000', severityNumber: 2, body: { stringValue: 'trace' } },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ partialSuccess: {} });
    const rows = await storedLogs(service);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.level, r.message])).toEqual([
      ['2026-01-24T10:00:00.000Z', 'ERROR', 'Payment gateway timeout'],
      ['2026-01-24T10:00:01.000Z', 'WARN', '{"a":true}'],
      ['2026-01-24T10:00:02.000Z', 'FATAL', 'fatal'],
      ['2026-01-24T10:00:03.000Z', 'DEBUG', 'trace'],
    ]);
    expect(rows[0]!.metadata).toEqual({ transaction_id: 'tx_123', attempt: 3, trace_id: '5b8efff798038103d269b633813fc60c' });
  });

  it('refuses an OTLP export with an invalid record, naming the record, and stores none of it', async () => {
    const service = unique('otel-service');
    const response = await t.request('POST', '/v1/logs', {
      apiKey: t.apiKey,
      body: {
        resourceLogs: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
            scopeLogs: [
              {
                logRecords: [
                  { severityNumber: 9, body: { stringValue: 'ok' } },
                  { severityNumber: 99, body: { stringValue: 'bad' } },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ index: 1, record: 'resourceLogs[0].scopeLogs[0].logRecords[1]', field: 'severityNumber' }),
    ]);
    expect(await storedLogs(service)).toHaveLength(0);
  });

  it('keeps the services list current for every service that sent logs', async () => {
    const service = unique('listed');
    await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: { service_id: service, level: 'INFO', message: 'hello', timestamp: '2026-01-20T00:00:00Z' },
    });
    const { rows } = await t.pool.query(`SELECT first_seen_at, last_seen_at FROM services WHERE service_id = $1`, [service]);
    expect(rows).toHaveLength(1);
    expect((rows[0].first_seen_at as Date).toISOString()).toBe('2026-01-20T00:00:00.000Z');
  });

  describe('authentication', () => {
    it('refuses a request without an API key with 401', async () => {
      const response = await t.request('POST', '/ingest', { body: { service_id: 'svc', level: 'INFO', message: 'x' } });
      expect(response.status).toBe(401);
    });

    it('refuses a user JWT in place of an API key with 401', async () => {
      const response = await t.request('POST', '/ingest', {
        token: t.tokens.admin,
        body: { service_id: 'svc', level: 'INFO', message: 'x' },
      });
      expect(response.status).toBe(401);
    });

    it('refuses a revoked API key with 401', async () => {
      const keys = t.app.get(ApiKeysService);
      const { key, record } = await keys.create({ name: 'to revoke' });
      const service = unique('svc');
      expect((await t.request('POST', '/ingest', { apiKey: key, body: { service_id: service, level: 'INFO', message: 'x' } })).status).toBe(
        201,
      );
      const revoked = await t.request('DELETE', `/api-keys/${record.id}`, { token: t.tokens.admin });
      if (revoked.status === 404) await keys.revoke(record.id);
      const response = await t.request('POST', '/ingest', { apiKey: key, body: { service_id: service, level: 'INFO', message: 'y' } });
      expect(response.status).toBe(401);
      expect(await storedLogs(service)).toHaveLength(1);
    });

    it('refuses with 403 a key bound to one service writing for another, naming the service, and stores nothing', async () => {
      const own = unique('own');
      const other = unique('other');
      const { key } = await t.app.get(ApiKeysService).create({ name: 'bound', serviceId: own });
      const response = await t.request('POST', '/ingest', {
        apiKey: key,
        body: [
          { service_id: own, level: 'INFO', message: 'mine' },
          { service_id: other, level: 'INFO', message: 'not mine' },
        ],
      });
      expect(response.status).toBe(403);
      expect(response.body.message).toContain(other);
      expect(await storedLogs(own)).toHaveLength(0);
    });

    it('lets a bound key leave service_id out: its own service is used', async () => {
      const own = unique('own');
      const { key } = await t.app.get(ApiKeysService).create({ name: 'bound', serviceId: own });
      const response = await t.request('POST', '/ingest', { apiKey: key, body: { level: 'INFO', message: 'implicit service' } });
      expect(response.status).toBe(201);
      expect(await storedLogs(own)).toHaveLength(1);
    });
  });
});
