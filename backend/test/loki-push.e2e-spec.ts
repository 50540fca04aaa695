import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { compress } from 'snappyjs';
import { lokiPushProtobuf, lokiPushSnappy, type LokiStream } from './support/loki-push-writer';
import { storedLogsOf } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const PROTOBUF = { 'content-type': 'application/x-protobuf' };
const PATH = '/loki/api/v1/push';
// Small limits so that the 413s are cheap to provoke.
const LIMITS = { INGEST_MAX_BODY_BYTES: '65536', INGEST_MAX_LOGS: '20' };
const T0 = 1769248800123456789n;
const ns = (offsetSeconds: number) => String(T0 + BigInt(offsetSeconds) * 1_000_000_000n);

describe('POST /loki/api/v1/push (Loki push API)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  afterAll(() => t.close());

  const countLogs = async () => Number((await t.pool.query('SELECT count(*) FROM logs')).rows[0].count);
  const pushJson = (streams: unknown, headers: Record<string, string> = {}) =>
    t.request('POST', PATH, { apiKey: t.apiKey, body: { streams }, headers });
  const pushProtobuf = (body: Uint8Array, headers: Record<string, string> = {}) =>
    t.request('POST', PATH, { rawBody: body, headers: { ...PROTOBUF, authorization: `Bearer ${t.apiKey}`, ...headers } });

  it('stores a snappy protobuf push: labels to service and metadata, level from labels, structured metadata or the line', async () => {
    const service = unique('loki-proto');
    const streams: LokiStream[] = [
      {
        stream: { service_name: service, env: 'prod', level: 'error' },
        values: [[ns(0), 'Payment gateway timeout', { trace_id: '5b8efff798038103d269b633813fc60c' }]],
      },
      {
        stream: { service_name: service, env: 'prod' },
        values: [
          [ns(1), 'slow request', { detected_level: 'warning' }],
          [ns(2), '{"level":"fatal","msg":"out of memory"}'],
          [ns(3), 'ts=2026-01-24T10:00:03Z level=debug msg="cache miss"'],
          [ns(4), 'no level here'],
        ],
      },
    ];
    const response = await pushProtobuf(lokiPushSnappy(streams));
    expect(response.status).toBe(204);
    const rows = await storedLogsOf(t.pool, service);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.level, r.message])).toEqual([
      ['2026-01-24T10:00:00.123Z', 'ERROR', 'Payment gateway timeout'],
      ['2026-01-24T10:00:01.123Z', 'WARN', 'slow request'],
      ['2026-01-24T10:00:02.123Z', 'FATAL', '{"level":"fatal","msg":"out of memory"}'],
      ['2026-01-24T10:00:03.123Z', 'DEBUG', 'ts=2026-01-24T10:00:03Z level=debug msg="cache miss"'],
      ['2026-01-24T10:00:04.123Z', 'INFO', 'no level here'],
    ]);
    expect(rows[0]!.metadata).toEqual({ env: 'prod', level: 'error', trace_id: '5b8efff798038103d269b633813fc60c' });
    expect(rows[1]!.metadata).toEqual({ env: 'prod', detected_level: 'warning' });
  });

  it('stores a JSON push (gzip too) and takes service_id from job, then app, when service_name is absent', async () => {
    const job = unique('loki-job');
    const app = unique('loki-app');
    const body = JSON.stringify({
      streams: [
        { stream: { job, level: 'info' }, values: [[ns(0), 'from job']] },
        { stream: { app }, values: [[ns(1), 'level=error msg=boom']] },
      ],
    });
    const response = await t.request('POST', PATH, {
      apiKey: t.apiKey,
      rawBody: gzipSync(body),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(204);
    expect((await storedLogsOf(t.pool, job)).map((r) => [r.level, r.message, r.metadata])).toEqual([
      ['INFO', 'from job', { level: 'info' }],
    ]);
    expect((await storedLogsOf(t.pool, app)).map((r) => [r.level, r.message])).toEqual([['ERROR', 'level=error msg=boom']]);
  });

  it('accepts the API key as the basic auth password, as Promtail and Alloy send it', async () => {
    const service = unique('loki-basic');
    const response = await t.request('POST', PATH, {
      body: { streams: [{ stream: { service_name: service }, values: [[ns(0), 'hello']] }] },
      headers: { authorization: `Basic ${Buffer.from(`tenant-1:${t.apiKey}`).toString('base64')}` },
    });
    expect(response.status).toBe(204);
    expect(await storedLogsOf(t.pool, service)).toHaveLength(1);
  });

  it('refuses a push without a valid key with 401, before reading the body', async () => {
    const before = await countLogs();
    const none = await t.request('POST', PATH, { rawBody: lokiPushSnappy([]), headers: PROTOBUF });
    expect(none.status).toBe(401);
    const wrong = await pushProtobuf(lokiPushSnappy([]), { authorization: `Basic ${Buffer.from('user:nope').toString('base64')}` });
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toBe('Unknown or revoked API key, or it has expired');
    expect(await countLogs()).toBe(before);
  });

  it('refuses the whole push with 400 naming the entry and field when one entry is invalid, storing nothing', async () => {
    const service = unique('loki-bad');
    const before = await countLogs();
    const response = await pushJson([
      {
        stream: { service_name: service },
        values: [
          [ns(0), 'good'],
          ['yesterday', 'bad time'],
        ],
      },
    ]);
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(
      '1 of 2 log entries invalid, nothing was stored. First: streams[0].values[1]: timestamp must be the Unix epoch in nanoseconds, as a string of digits',
    );
    expect(response.body.details[0]).toMatchObject({ record: 'streams[0].values[1]', field: 'timestamp' });
    expect(await countLogs()).toBe(before);
  });

  it('refuses a service label that is not a valid service_id, naming the labels it came from', async () => {
    const response = await pushJson([{ stream: { job: 'system/logs' }, values: [[ns(0), 'x']] }]);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/streams\[0\]\.values\[0\]: stream label service_name \/ job \/ app must be 1-128 characters/);
  });

  it('refuses a body that is not a push request with 400', async () => {
    const response = await t.request('POST', PATH, { apiKey: t.apiKey, body: { logs: [] } });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/Expected a Loki push request/);
  });

  it('refuses protobuf that is not snappy-compressed, or malformed, or with bad labels, with 400 and stores nothing', async () => {
    const before = await countLogs();
    const streams: LokiStream[] = [{ stream: { service_name: unique('loki-raw') }, values: [[ns(0), 'x']] }];
    const uncompressed = await pushProtobuf(lokiPushProtobuf(streams));
    expect(uncompressed.status).toBe(400);
    expect(uncompressed.body.message).toMatch(/must be snappy-compressed/);

    const truncated = await pushProtobuf(Buffer.from(compress(lokiPushProtobuf(streams).subarray(0, 12))));
    expect(truncated.status).toBe(400);
    expect(truncated.body.message).toBe('Malformed protobuf PushRequest: truncated: streams (field 1) announces 54 bytes, 10 left');

    const badLabels = await pushProtobuf(Buffer.from(compress(lokiPushProtobuf(streams, () => 'job=api'))));
    expect(badLabels.status).toBe(400);
    expect(badLabels.body.message).toMatch(/at streams\[0\]: labels must be a label set/);
    expect(await countLogs()).toBe(before);
  });

  it('refuses with 413 a snappy body that announces more than INGEST_MAX_BODY_BYTES, before inflating it', async () => {
    // A snappy block starts with its uncompressed length as a varint: 1 GB announced in 5 bytes.
    const bomb = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x04, 0x00]);
    const response = await pushProtobuf(bomb);
    expect(response.status).toBe(413);
    expect(response.body.message).toBe('Request body is larger than 65536 bytes once decompressed (snappy)');
  });

  it('refuses more than INGEST_MAX_LOGS entries with 413', async () => {
    const values = Array.from({ length: 21 }, (_, i): [string, string] => [ns(i), `line ${i}`]);
    const response = await pushJson([{ stream: { service_name: unique('loki-many') }, values }]);
    expect(response.status).toBe(413);
    expect(response.body.message).toBe('Too many log entries in one request: at most 20');
  });

  it('refuses other content types with 415', async () => {
    const response = await t.request('POST', PATH, { apiKey: t.apiKey, rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(415);
  });
});
