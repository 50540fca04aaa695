import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ApiKeysService } from '../src/api-keys/api-keys.service';
import { SDK_ERROR_LOG, SDK_MAP_BODY_LOG, SDK_SERVICE } from './support/otlp-sdk-requests';
import { message, otlpLogsProtobuf, readRpcStatus } from './support/protobuf-writer';
import { startTestApp, type ApiResponse, type TestApp } from './support/test-app';
import { storedLogsOf } from './support/logs';

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const PROTOBUF = { 'content-type': 'application/x-protobuf' };

// Small limits so that the 413s are cheap to provoke.
const LIMITS = { INGEST_MAX_BODY_BYTES: '65536', INGEST_MAX_LOGS: '20' };

function exportRequest(service: string, logRecords: Record<string, unknown>[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeLogs: [{ scope: { name: 'e2e' }, logRecords }],
      },
    ],
  };
}

describe('POST /v1/logs with OTLP/HTTP protobuf (application/x-protobuf)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
  });
  afterAll(() => t.close());

  const storedLogs = (serviceId: string) => storedLogsOf(t.pool, serviceId);
  const countLogs = async () => Number((await t.pool.query('SELECT count(*) FROM logs')).rows[0].count);

  const sendProtobuf = (body: Uint8Array, headers: Record<string, string> = {}, apiKey: string | null = t.apiKey) =>
    t.request('POST', '/v1/logs', { apiKey: apiKey ?? undefined, rawBody: body, headers: { ...PROTOBUF, ...headers } });

  /** An OTLP/HTTP error to a protobuf request: a protobuf google.rpc.Status with the app's message. */
  function expectRpcStatus(response: ApiResponse, status: number, message: RegExp) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const decoded = readRpcStatus(response.bytes);
    expect(decoded.message).toMatch(message);
    expect(decoded.code).toBeGreaterThan(0);
  }

  it('stores the records of a protobuf export and answers with an empty protobuf ExportLogsServiceResponse', async () => {
    const service = unique('otel-proto');
    const response = await sendProtobuf(
      otlpLogsProtobuf(
        exportRequest(service, [
          {
            timeUnixNano: '1769248800123456789',
            severityNumber: 17,
            body: { stringValue: 'Payment gateway timeout' },
            attributes: [
              { key: 'transaction_id', value: { stringValue: 'tx_123' } },
              { key: 'attempt', value: { intValue: '3' } },
              { key: 'balance', value: { intValue: '-42' } },
              {
                key: 'cart',
                value: { kvlistValue: { values: [{ key: 'items', value: { arrayValue: { values: [{ stringValue: 'sku-1' }] } } }] } },
              },
            ],
            traceId: '5b8efff798038103d269b633813fc60c',
            spanId: 'eee19b7ec3c1b174',
          },
          { observedTimeUnixNano: '1769248801000000000', severityText: 'warning', body: { stringValue: 'slow' } },
          { timeUnixNano: '1769248802000000000', severityNumber: 23, body: { stringValue: 'fatal' } },
          { timeUnixNano: '1769248803000000000', severityNumber: 2, body: { stringValue: 'trace' } },
        ]),
      ),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(response.bytes).toHaveLength(0);

    const rows = await storedLogs(service);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.level, r.message])).toEqual([
      ['2026-01-24T10:00:00.123Z', 'ERROR', 'Payment gateway timeout'],
      ['2026-01-24T10:00:01.000Z', 'WARN', 'slow'],
      ['2026-01-24T10:00:02.000Z', 'FATAL', 'fatal'],
      ['2026-01-24T10:00:03.000Z', 'DEBUG', 'trace'],
    ]);
    expect(rows[0]!.metadata).toEqual({
      transaction_id: 'tx_123',
      attempt: 3,
      balance: -42,
      cart: { items: ['sku-1'] },
      trace_id: '5b8efff798038103d269b633813fc60c',
      span_id: 'eee19b7ec3c1b174',
    });
  });

  it('stores what the OpenTelemetry JS SDK protobuf exporter sends', async () => {
    expect((await sendProtobuf(SDK_ERROR_LOG)).status).toBe(200);
    expect((await sendProtobuf(SDK_MAP_BODY_LOG)).status).toBe(200);
    const rows = await storedLogs(SDK_SERVICE);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.level, r.message])).toEqual([
      ['2026-01-24T10:00:00.123Z', 'ERROR', 'Payment gateway timeout'],
      ['2026-01-24T10:00:01.000Z', 'WARN', '{"order":"o-1","items":2}'],
    ]);
    expect(rows[0]!.metadata).toMatchObject({ 'transaction.id': 'tx_123', balance: -42, tags: ['a', 'b'], span_id: 'eee19b7ec3c1b174' });
  });

  it('accepts a gzip-compressed protobuf body (Content-Encoding: gzip)', async () => {
    const service = unique('otel-gzip');
    const body = otlpLogsProtobuf(exportRequest(service, [{ severityNumber: 9, body: { stringValue: 'compressed' } }]));
    const response = await sendProtobuf(gzipSync(body), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect((await storedLogs(service)).map((r) => [r.level, r.message])).toEqual([['INFO', 'compressed']]);
  });

  it('keeps answering JSON requests in JSON', async () => {
    const service = unique('otel-json');
    const response = await t.request('POST', '/v1/logs', {
      apiKey: t.apiKey,
      body: exportRequest(service, [{ body: { stringValue: 'json' } }]),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ partialSuccess: {} });
  });

  describe('refusals: a protobuf google.rpc.Status with the usual message, nothing stored', () => {
    let before: number;
    beforeEach(async () => {
      before = await countLogs();
    });
    afterEach(async () => {
      expect(await countLogs()).toBe(before);
    });

    it('refuses malformed protobuf with 400, saying where it is broken', async () => {
      const whole = otlpLogsProtobuf(exportRequest(unique('otel-cut'), [{ body: { stringValue: 'x' } }]));
      expectRpcStatus(
        await sendProtobuf(whole.subarray(0, whole.length - 2)),
        400,
        /^Malformed protobuf ExportLogsServiceRequest: truncated: /,
      );
      const cutBody = message(1, message(2, message(2, [0x2a, 0x10, 0x0a, 0x01, 0x61])));
      expectRpcStatus(
        await sendProtobuf(cutBody),
        400,
        /at resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]: truncated: body \(field 5\) announces 16 bytes, 3 left/,
      );
      expectRpcStatus(await sendProtobuf(new TextEncoder().encode('{"resourceLogs": []}')), 400, /^Malformed protobuf/);
    });

    it('refuses a whole export when one record is invalid, naming the record', async () => {
      const service = unique('otel-invalid');
      const body = otlpLogsProtobuf(
        exportRequest(service, [
          { severityNumber: 9, body: { stringValue: 'ok' } },
          { severityNumber: 99, body: { stringValue: 'bad' } },
        ]),
      );
      expectRpcStatus(await sendProtobuf(body), 400, /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[1\]: severityNumber must be 1-24/);
      expect(await storedLogs(service)).toHaveLength(0);
    });

    it('refuses a corrupt gzip body with 400', async () => {
      expectRpcStatus(await sendProtobuf(new TextEncoder().encode('not gzip'), { 'content-encoding': 'gzip' }), 400, /not valid gzip/);
    });

    it('applies the same limits as JSON: 413 past INGEST_MAX_LOGS records or INGEST_MAX_BODY_BYTES', async () => {
      const records = Array.from({ length: 21 }, () => ({ body: { stringValue: 'x' } }));
      expectRpcStatus(await sendProtobuf(otlpLogsProtobuf(exportRequest(unique('otel-many'), records))), 413, /at most 20/);
      const big = otlpLogsProtobuf(exportRequest(unique('otel-big'), [{ body: { stringValue: 'x'.repeat(70_000) } }]));
      expectRpcStatus(await sendProtobuf(big), 413, /./);
      expectRpcStatus(await sendProtobuf(gzipSync(big), { 'content-encoding': 'gzip' }), 413, /larger than 65536 bytes once decompressed/);
    });

    it('refuses without an API key (401) and for another service than the key is bound to (403)', async () => {
      const body = otlpLogsProtobuf(exportRequest(unique('otel-auth'), [{ body: { stringValue: 'x' } }]));
      expectRpcStatus(await sendProtobuf(body, {}, null), 401, /./);
      const { key } = await t.app.get(ApiKeysService).create({ name: 'bound', serviceId: unique('own') });
      expectRpcStatus(await sendProtobuf(body, {}, key), 403, /otel-auth/);
    });
  });

  it('answers 415 to protobuf sent to /ingest, which reads JSON and NDJSON, in the usual JSON error shape', async () => {
    const before = await countLogs();
    const response = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      rawBody: otlpLogsProtobuf(exportRequest(unique('otel-wrong-door'), [{ body: { stringValue: 'x' } }])),
      headers: PROTOBUF,
    });
    expect(response.status).toBe(415);
    expect(response.body).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'Content-Type application/x-protobuf is read by POST /v1/logs (OTLP) and POST /loki/api/v1/push (Loki) only; send JSON here',
    });
    expect(await countLogs()).toBe(before);
  });

  it('documents both encodings in the OpenAPI document', async () => {
    const operation = (await t.request('GET', '/api-json')).body.paths['/v1/logs'].post;
    expect(operation.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/OtlpExportLogsRequestDto' });
    expect(operation.requestBody.content['application/x-protobuf']).toEqual({ schema: { type: 'string', format: 'binary' } });
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/json', 'application/x-protobuf']);
  });
});
