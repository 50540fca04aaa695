import { validateLog, type LogFieldError, type ValidationContext } from './log-validation';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const context = (overrides: Partial<ValidationContext> = {}): ValidationContext => ({
  limits: { maxMessageBytes: 100, maxMetadataBytes: 200, maxMetadataDepth: 3 },
  now: NOW,
  defaultServiceId: null,
  ...overrides,
});

function check(raw: unknown, ctx = context()) {
  const errors: LogFieldError[] = [];
  const row = validateLog(raw, 7, ctx, errors);
  return { row, errors };
}

const good = { service_id: 'payment-service', level: 'ERROR', message: 'Payment gateway timeout' };

describe('validateLog', () => {
  it('turns a valid log into a row, with the receive time when no timestamp is given', () => {
    expect(check(good).row).toEqual({
      timestampMs: NOW,
      serviceId: 'payment-service',
      level: 'ERROR',
      message: 'Payment gateway timeout',
      metadata: null,
    });
  });

  it('reads the level in any case and keeps the given timestamp and metadata', () => {
    const { row } = check({ ...good, level: 'fAtAl', timestamp: '2026-11-24T10:00:00+02:00', metadata: { transaction_id: 'tx_123' } });
    expect(row).toMatchObject({ level: 'FATAL', timestampMs: Date.parse('2026-11-24T08:00:00Z'), metadata: '{"transaction_id":"tx_123"}' });
  });

  it('treats null timestamp and metadata as absent', () => {
    expect(check({ ...good, timestamp: null, metadata: null }).row).toMatchObject({ timestampMs: NOW, metadata: null });
  });

  it('uses the service of a bound key when the log names none', () => {
    expect(check({ level: 'INFO', message: 'x' }, context({ defaultServiceId: 'own' })).row?.serviceId).toBe('own');
  });

  it('reports every problem of a log by index and field, and returns no row', () => {
    const { row, errors } = check({ service_id: 'bad id!', level: 'LOUD', message: 7, timestamp: 'now', metadata: [] });
    expect(row).toBeUndefined();
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [7, 'service_id'],
      [7, 'level'],
      [7, 'message'],
      [7, 'timestamp'],
      [7, 'metadata'],
    ]);
  });

  it('refuses fields it would otherwise drop, pointing to metadata', () => {
    expect(check({ ...good, host: 'web-1' }).errors).toEqual([
      { index: 7, field: 'host', message: expect.stringMatching(/put extra data in metadata/) },
    ]);
  });

  it('requires service_id, level and message', () => {
    expect(check({}).errors.map((e) => `${e.field} ${e.message}`)).toEqual([
      'service_id is required',
      'level is required',
      'message is required',
    ]);
  });

  it('refuses a log that is not an object', () => {
    for (const raw of [null, 'text', 3, [good]])
      expect(check(raw).errors).toEqual([{ index: 7, field: 'log', message: expect.stringMatching(/must be an object/) }]);
  });

  it('measures the message in UTF-8 bytes', () => {
    expect(check({ ...good, message: 'é'.repeat(50) }).errors).toEqual([]);
    expect(check({ ...good, message: 'é'.repeat(51) }).errors[0]).toMatchObject({ field: 'message', message: 'must be at most 100 bytes' });
  });

  it('refuses text PostgreSQL cannot store: NUL and unpaired surrogates', () => {
    expect(check({ ...good, message: 'a\u0000b' }).errors[0]?.field).toBe('message');
    expect(check({ ...good, message: 'a\ud800b' }).errors[0]?.field).toBe('message');
    expect(check({ ...good, metadata: { key: 'v\u0000' } }).errors[0]?.field).toBe('metadata');
    expect(check({ ...good, metadata: { ['k\udc00']: 1 } }).errors[0]?.field).toBe('metadata');
    expect(check({ ...good, message: 'emoji 🚀 is fine' }).errors).toEqual([]);
  });

  it('refuses timestamps more than a day ahead, and accepts a little clock skew', () => {
    expect(check({ ...good, timestamp: '2026-11-25T11:59:00Z' }).errors).toEqual([]);
    expect(check({ ...good, timestamp: '2026-11-25T12:01:00Z' }).errors[0]).toMatchObject({
      field: 'timestamp',
      message: expect.stringMatching(/future/),
    });
    expect(check({ ...good, timestamp: '1969-12-31T23:59:59Z' }).errors[0]).toMatchObject({
      field: 'timestamp',
      message: expect.stringMatching(/1970/),
    });
  });

  it('limits metadata depth, size and forbids __proto__ keys', () => {
    expect(check({ ...good, metadata: { a: { b: { c: 1 } } } }).errors).toEqual([]);
    expect(check({ ...good, metadata: { a: { b: { c: {} } } } }).errors[0]?.message).toMatch(/3 levels deep/);
    expect(check({ ...good, metadata: { a: [[['deep']]] } }).errors[0]?.message).toMatch(/3 levels deep/);
    expect(check({ ...good, metadata: { blob: 'x'.repeat(200) } }).errors[0]?.message).toMatch(/200 bytes/);
    expect(check({ ...good, metadata: JSON.parse('{"a":{"__proto__":{"x":1}}}') }).errors[0]?.message).toMatch(/__proto__/);
  });
});
