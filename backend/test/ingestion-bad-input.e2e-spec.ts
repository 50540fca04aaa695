import { gzipSync } from 'node:zlib';
import { startTestApp, type ApiResponse, type TestApp } from './support/test-app';

// Small limits so that each refusal is cheap to provoke; the same code paths run with the defaults.
const LIMITS = {
  INGEST_MAX_BODY_BYTES: '65536',
  INGEST_MAX_LOGS: '20',
  INGEST_MAX_MESSAGE_BYTES: '1000',
  INGEST_MAX_METADATA_BYTES: '2000',
  INGEST_MAX_METADATA_DEPTH: '5',
};

describe('POST /ingest with bad input: a clear 4xx, nothing stored, the service keeps serving', () => {
  let t: TestApp;
  let logsBefore: number;

  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  afterAll(() => t.close());

  const countLogs = async () => Number((await t.pool.query('SELECT count(*) FROM logs')).rows[0].count);
  const good = { service_id: 'healthy-service', level: 'INFO', message: 'still serving' };

  beforeEach(async () => {
    logsBefore = await countLogs();
  });

  // After every refusal: nothing was stored, and the next good request is served normally.
  afterEach(async () => {
    expect(await countLogs()).toBe(logsBefore);
    const next = await t.request('POST', '/ingest', { apiKey: t.apiKey, body: good });
    expect(next.status).toBe(201);
  });

  const send = (rawBody: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    t.request('POST', '/ingest', { apiKey: t.apiKey, rawBody, headers });
  const sendJson = (body: unknown) => t.request('POST', '/ingest', { apiKey: t.apiKey, body });

  function expectError(response: ApiResponse, status: number, message: RegExp) {
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ statusCode: status });
    expect(response.body.message).toMatch(message);
  }

  it('refuses malformed JSON with 400', async () => {
    expectError(await send('{"service_id": "a", "level": '), 400, /Malformed JSON/);
  });

  it('refuses an empty body with 400, whatever the content type', async () => {
    expectError(await send(''), 400, /empty/i);
    expectError(await send('   \n'), 400, /empty/i);
    expectError(await t.request('POST', '/ingest', { apiKey: t.apiKey }), 400, /empty/i);
    expectError(await send('', { 'content-type': 'application/x-ndjson' }), 400, /empty/i);
    expectError(await sendJson([]), 400, /No logs/);
    expectError(await sendJson({ logs: [] }), 400, /No logs/);
  });

  it('refuses a body that is not a log, an array of logs or {"logs": [...]}', async () => {
    expectError(await sendJson('just a string'), 400, /must be a log object/);
    expectError(await sendJson({ logs: 'nope' }), 400, /logs must be an array/);
    const response = await sendJson([42]);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ index: 0, field: 'log', message: 'must be an object, got a number' }]);
  });

  it('names every missing field', async () => {
    const response = await sendJson({});
    expect(response.status).toBe(400);
    expect(response.body.details.map((d: { field: string }) => d.field)).toEqual(['service_id', 'level', 'message']);
  });

  it('refuses wrong types, listing each field', async () => {
    const response = await sendJson([{ service_id: 12, level: 5, message: { text: 'x' }, metadata: 'str', timestamp: 1700000000 }]);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      { index: 0, field: 'service_id', message: 'must be a string, got a number' },
      { index: 0, field: 'level', message: expect.stringMatching(/must be one of/) },
      { index: 0, field: 'message', message: 'must be a string, got an object' },
      { index: 0, field: 'timestamp', message: expect.stringMatching(/ISO 8601/) },
      { index: 0, field: 'metadata', message: 'must be an object, got a string' },
    ]);
  });

  it('refuses a field that is not part of a log, instead of dropping it silently', async () => {
    const response = await sendJson([good, { ...good, host: 'web-1' }]);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ index: 1, field: 'host', message: expect.stringMatching(/put extra data in metadata/) }]);
  });

  it('refuses a service_id outside [A-Za-z0-9._-]{1,128}', async () => {
    for (const serviceId of ['', 'has space', 'a'.repeat(129), 'slash/name']) {
      const response = await sendJson({ ...good, service_id: serviceId });
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe('service_id');
    }
  });

  it.each([['yesterday'], ['2026-02-30T10:00:00Z'], ['2026-01-01T10:00:00'], ['2026-13-01T10:00:00Z'], ['2026-01-01T25:00:00Z']])(
    'refuses the invalid timestamp %s',
    async (timestamp) => {
      const response = await sendJson({ ...good, timestamp });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ index: 0, field: 'timestamp', message: expect.stringMatching(/ISO 8601/) }]);
    },
  );

  it('refuses a timestamp more than one day in the future', async () => {
    const response = await sendJson({ ...good, timestamp: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'timestamp', message: expect.stringMatching(/future/) });
  });

  it('refuses an unknown level', async () => {
    const response = await sendJson({ ...good, level: 'VERBOSE' });
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'level', message: expect.stringContaining('"VERBOSE"') });
  });

  it('refuses a message over the size limit', async () => {
    const response = await sendJson({ ...good, message: 'x'.repeat(1001) });
    expect(response.status).toBe(400);
    expect(response.body.details[0]).toMatchObject({ field: 'message', message: 'must be at most 1000 bytes' });
  });

  it('refuses a message with a NUL character, which PostgreSQL cannot store', async () => {
    const response = await sendJson({ ...good, message: 'a\u0000b' });
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('message');
  });

  it('refuses metadata nested too deeply or too large', async () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 6; i++) deep = { next: deep };
    const tooDeep = await sendJson({ ...good, metadata: deep });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.details[0]).toMatchObject({ field: 'metadata', message: expect.stringMatching(/5 levels deep/) });

    const tooLarge = await sendJson({ ...good, metadata: { blob: 'x'.repeat(2100) } });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body.details[0]).toMatchObject({ field: 'metadata', message: expect.stringMatching(/2000 bytes/) });
  });

  it('refuses metadata with an unpaired surrogate, which jsonb cannot store', async () => {
    const response = await send(`{"service_id":"a","level":"INFO","message":"m","metadata":{"k":"\\ud800"}}`);
    expect(response.status).toBe(400);
    expect(response.body.details[0].field).toBe('metadata');
  });

  it('refuses __proto__ keys anywhere in JSON or NDJSON', async () => {
    expectError(await send('{"service_id":"a","level":"INFO","message":"m","__proto__":{"admin":true}}'), 400, /prototype/);
    expectError(await send('{"service_id":"a","level":"INFO","message":"m","metadata":{"x":{"__proto__":{"p":1}}}}'), 400, /prototype/);
    const ndjson = await send('{"service_id":"a","level":"INFO","message":"m","__proto__":{}}\n', {
      'content-type': 'application/x-ndjson',
    });
    expect(ndjson.status).toBe(400);
    expect(ndjson.body.details[0]).toMatchObject({ index: 0, line: 1, message: expect.stringMatching(/prototype/) });
  });

  it('refuses invalid UTF-8 in JSON and NDJSON bodies', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"service_id":"a","level":"INFO","message":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expectError(await send(bytes), 400, /UTF-8/);
    expectError(await send(bytes, { 'content-type': 'application/x-ndjson' }), 400, /UTF-8/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const huge = JSON.stringify({ ...good, message: 'x'.repeat(70_000) });
    expect((await send(huge)).status).toBe(413);
  });

  it('refuses a gzip body that inflates past the limit with 413, without inflating it all', async () => {
    // 50 MB of spaces in about 50 KB: under the 64 KB limit on the wire, 800 times over it inflated.
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(65_536);
    const started = Date.now();
    const response = await send(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(response.body.message).toMatch(/decompressed/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses a corrupt gzip body with 400 and an unknown encoding with 415', async () => {
    expectError(
      await send(Buffer.from('definitely not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
      400,
      /not valid gzip/,
    );
    expectError(await send('{}', { 'content-type': 'application/json', 'content-encoding': 'zstd' }), 415, /not supported/);
  });

  it('refuses more logs than allowed in one request with 413, in JSON and in NDJSON', async () => {
    const logs = Array.from({ length: 21 }, () => good);
    expectError(await sendJson(logs), 413, /at most 20/);
    expectError(await sendJson({ logs }), 413, /at most 20/);
    expectError(
      await send(logs.map((log) => JSON.stringify(log)).join('\n'), { 'content-type': 'application/x-ndjson' }),
      413,
      /at most 20/,
    );
  });

  it('refuses a content type it does not read with 415', async () => {
    expect((await send('<log/>', { 'content-type': 'application/xml' })).status).toBe(415);
  });

  it('refuses plain text with 415, as it refuses every type it does not read', async () => {
    expectError(await send('service_id=a', { 'content-type': 'text/plain' }), 415, /text\/plain is not accepted/);
  });

  it('refuses an OTLP body that is not an export request', async () => {
    const response = await t.request('POST', '/v1/logs', { apiKey: t.apiKey, body: { logs: [] } });
    expectError(response, 400, /resourceLogs/);
  });
});
