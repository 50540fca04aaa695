import { randomBytes } from 'node:crypto';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { storedLogsOf } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The OpenTelemetry JS SDK sending live through its own pipeline (LoggerProvider -> processor ->
 * exporter -> HTTP), for both OTLP/HTTP encodings. otlp-protobuf.e2e-spec.ts replays two requests
 * captured from this SDK once; this drives the SDK itself, so a new exporter version is covered too.
 */
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('OpenTelemetry JS SDK exporters sending to /v1/logs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function emitThroughSdk(service: string, exporter: LogRecordExporter) {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('checkout-logger', '1.2.3');
    logger.emit({
      timestamp: new Date('2026-01-24T10:00:00.123Z'),
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'Payment gateway timeout',
      attributes: { 'transaction.id': 'tx_123', attempt: 3 },
    });
    logger.emit({ timestamp: new Date('2026-01-24T10:00:01Z'), severityNumber: SeverityNumber.WARN, body: { order: 'o-1', items: 2 } });
    await provider.forceFlush();
    await provider.shutdown();
  }

  it.each([
    ['exporter-logs-otlp-proto (protobuf)', (url: string, key: string) => new OtlpProtobufExporter({ url, headers: { 'X-API-Key': key } })],
    ['exporter-logs-otlp-http (JSON)', (url: string, key: string) => new OtlpHttpJsonExporter({ url, headers: { 'X-API-Key': key } })],
  ])('stores what @opentelemetry/%s sends through the SDK', async (_name, createExporter) => {
    const service = unique('otel-sdk');
    await emitThroughSdk(service, createExporter(`${t.baseUrl}/v1/logs`, t.apiKey));
    const rows = await storedLogsOf(t.pool, service);
    expect(rows.map((r) => [r.timestamp.toISOString(), r.level, r.message])).toEqual([
      ['2026-01-24T10:00:00.123Z', 'ERROR', 'Payment gateway timeout'],
      ['2026-01-24T10:00:01.000Z', 'WARN', '{"order":"o-1","items":2}'],
    ]);
    expect(rows[0]!.metadata).toEqual({ 'transaction.id': 'tx_123', attempt: 3 });
  });

  it('stores nothing when the SDK exporter presents an unknown key', async () => {
    const service = unique('otel-sdk-bad-key');
    await emitThroughSdk(service, new OtlpProtobufExporter({ url: `${t.baseUrl}/v1/logs`, headers: { 'X-API-Key': 'wrong' } }));
    expect(await storedLogsOf(t.pool, service)).toEqual([]);
  });
});
