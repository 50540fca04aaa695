import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import { pinoLoki } from 'pino-loki';
import winston from 'winston';
import LokiTransport from 'winston-loki';
import { eventually, storedLogsOf } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Loki client libraries that nobody here wrote, sending to POST /loki/api/v1/push exactly as they
 * would send to Loki: winston-loki (snappy protobuf by default, JSON with `json: true`, basic auth)
 * and pino-loki (JSON, structured metadata, a Bearer header).
 */
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

describe('Loki clients sending to /loki/api/v1/push', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** A winston logger with the winston-loki transport; the service is its `job` label. */
  function winstonLogger(service: string, options: { json: boolean; onError: (error: unknown) => void }) {
    const transport = new LokiTransport({
      host: t.baseUrl,
      basicAuth: `tenant-1:${t.apiKey}`,
      json: options.json,
      labels: { job: service, env: 'test' },
      // Each log is sent as it is written: no batch timer left running after the test.
      batching: false,
      onConnectionError: options.onError,
    });
    // winston-loki falls back to JSON when the `snappy` package does not load: say which one was sent.
    const contentType = (transport as unknown as { batcher: { contentType: string } }).batcher.contentType;
    return { logger: winston.createLogger({ level: 'debug', transports: [transport] }), contentType };
  }

  it.each([
    // In JSON it also sends winston's meta as structured metadata (the third item of an entry).
    ['snappy protobuf (its default)', false, 'application/x-protobuf', { env: 'test', level: 'error' }],
    ['JSON', true, 'application/json', { env: 'test', level: 'error', transaction_id: 'tx_123' }],
  ])('stores what winston-loki sends in %s, with its level label and meta', async (_name, json, expectedType, expectedMetadata) => {
    const service = unique(json ? 'winston-json' : 'winston-proto');
    const errors: unknown[] = [];
    const { logger, contentType } = winstonLogger(service, { json, onError: (error) => errors.push(error) });
    expect(contentType).toBe(expectedType);
    logger.error('Payment gateway timeout', { transaction_id: 'tx_123' });
    logger.warn('Slow response');
    logger.debug('Cache miss');
    const rows = await eventually(async () => {
      const stored = await storedLogsOf(t.pool, service);
      return stored.length === 3 ? stored : undefined;
    }, 10_000);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.level).sort()).toEqual(['DEBUG', 'ERROR', 'WARN']);
    const error = rows.find((r) => r.level === 'ERROR')!;
    // winston-loki writes the meta after the message, as JSON.
    expect(error.message).toBe('Payment gateway timeout {"transaction_id":"tx_123","level":"error"}');
    expect(error.metadata).toEqual(expectedMetadata);
    logger.close();
  });

  it('stores what pino-loki sends, with its level label, hostname and structured metadata', async () => {
    const service = unique('pino');
    const stream = pinoLoki({
      host: t.baseUrl,
      headers: { authorization: `Bearer ${t.apiKey}` },
      labels: { service_name: service },
      // Sent when the stream ends, below.
      batching: { interval: 3600 },
    });
    const logger = pino({ level: 'debug', base: { hostname: 'web-1' } }, stream);
    logger.error({ meta: { trace_id: 'abc123' }, order: 'o-1' }, 'Payment gateway timeout');
    logger.info('Payment accepted');
    logger.fatal('Out of memory');
    stream.end();
    await once(stream, 'close');
    const rows = await eventually(async () => {
      const stored = await storedLogsOf(t.pool, service);
      return stored.length === 3 ? stored : undefined;
    }, 10_000);
    expect(rows.map((r) => r.level).sort()).toEqual(['ERROR', 'FATAL', 'INFO']);
    const error = rows.find((r) => r.level === 'ERROR')!;
    expect(JSON.parse(error.message)).toMatchObject({ level: 50, msg: 'Payment gateway timeout', order: 'o-1' });
    expect(error.metadata).toEqual({ level: 'error', hostname: 'web-1', trace_id: 'abc123' });
    // pino-loki calls fatal "critical".
    expect(rows.find((r) => r.level === 'FATAL')!.metadata).toMatchObject({ level: 'critical' });
  });

  it('gives pino-loki the 401 message when its key is wrong, and stores nothing', async () => {
    const service = unique('pino-bad-key');
    const printed: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    try {
      const stream = pinoLoki({ host: t.baseUrl, basicAuth: { username: 'u', password: 'wrong' }, labels: { service_name: service } });
      pino(stream).error('lost');
      stream.end();
      await once(stream, 'close');
    } finally {
      spy.mockRestore();
    }
    expect(printed.join('\n')).toMatch(/Unknown or revoked API key/);
    expect(await storedLogsOf(t.pool, service)).toEqual([]);
  });
});
