import { anyValueToJson, otlpLogs, otlpSeverity, otlpTime, UNKNOWN_SERVICE } from './otlp-logs';

describe('otlpSeverity', () => {
  it.each([
    [1, 'DEBUG'],
    [4, 'DEBUG'],
    [5, 'DEBUG'],
    [9, 'INFO'],
    [13, 'WARN'],
    [16, 'WARN'],
    [17, 'ERROR'],
    [20, 'ERROR'],
    [21, 'FATAL'],
    [24, 'FATAL'],
  ])('maps severityNumber %i to %s', (n, level) => expect(otlpSeverity(n, undefined)).toBe(level));

  it('falls back to severityText, then to nothing', () => {
    expect(otlpSeverity(0, 'Warning')).toBe('WARN');
    expect(otlpSeverity(undefined, 'ERROR2')).toBe('ERROR');
    expect(otlpSeverity(undefined, 'trace')).toBe('DEBUG');
    expect(otlpSeverity(undefined, undefined)).toBeUndefined();
  });

  it('reads the enum name form of protobuf JSON', () => {
    expect(otlpSeverity('SEVERITY_NUMBER_ERROR2', undefined)).toBe('ERROR');
    expect(otlpSeverity('SEVERITY_NUMBER_UNSPECIFIED', 'warn')).toBe('WARN');
  });

  it('flags numbers out of range, other types and unknown texts', () => {
    expect(otlpSeverity('high', undefined)).toBe('invalid');
    expect(otlpSeverity(true, undefined)).toBe('invalid');
    expect(otlpSeverity(undefined, 5)).toBe('invalid');
    expect(otlpSeverity(25, undefined)).toBe('invalid');
    expect(otlpSeverity(3.5, undefined)).toBe('invalid');
    expect(otlpSeverity(undefined, 'LOUD')).toBe('invalid');
  });
});

describe('otlpTime', () => {
  it('converts nanoseconds (string or number) to ISO, and treats 0 as absent', () => {
    expect(otlpTime('1795514400123456789')).toBe('2026-11-24T10:00:00.123Z');
    expect(otlpTime(1_700_000_000_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(otlpTime(-1)).toBe('invalid');
    expect(otlpTime('0')).toBeUndefined();
    expect(otlpTime(undefined)).toBeUndefined();
    expect(otlpTime('soon')).toBe('invalid');
  });
});

describe('anyValueToJson', () => {
  it('unwraps every AnyValue kind', () => {
    expect(
      anyValueToJson({
        kvlistValue: {
          values: [
            { key: 's', value: { stringValue: 'x' } },
            { key: 'b', value: { boolValue: false } },
            { key: 'i', value: { intValue: '42' } },
            { key: 'big', value: { intValue: '9223372036854775807' } },
            { key: 'd', value: { doubleValue: 1.5 } },
            { key: 'a', value: { arrayValue: { values: [{ stringValue: 'y' }, {}] } } },
          ],
        },
      }),
    ).toEqual({ s: 'x', b: false, i: 42, big: '9223372036854775807', d: 1.5, a: ['y', null] });
  });
});

describe('otlpLogs', () => {
  const request = (
    records: unknown[],
    resource: unknown = { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
  ) => ({
    resourceLogs: [{ resource, scopeLogs: [{ logRecords: records }] }],
  });

  it('maps records to /ingest logs with the resource service name', () => {
    const result = otlpLogs(
      request([
        {
          timeUnixNano: '1795514400000000000',
          severityNumber: 17,
          body: { stringValue: 'boom' },
          attributes: [{ key: 'k', value: { stringValue: 'v' } }],
          spanId: 'ab',
        },
      ]),
      null,
      10,
    );
    expect(result.errors).toEqual([]);
    expect(result.paths).toEqual(['resourceLogs[0].scopeLogs[0].logRecords[0]']);
    expect(result.items).toEqual([
      {
        service_id: 'checkout',
        level: 'ERROR',
        message: 'boom',
        timestamp: '2026-11-24T10:00:00.000Z',
        metadata: { k: 'v', span_id: 'ab' },
      },
    ]);
  });

  it('uses the bound key service, else unknown_service, when the resource names none; INFO when no severity', () => {
    expect(otlpLogs(request([{}], {}), 'own', 10).items[0]).toEqual({ service_id: 'own', level: 'INFO', message: '' });
    expect(otlpLogs(request([{}], null), null, 10).items[0]!.service_id).toBe(UNKNOWN_SERVICE);
  });

  it('reports bad records by index and OTLP field', () => {
    const result = otlpLogs(
      request([{ severityNumber: 30 }, { timeUnixNano: 'x' }, { attributes: [{ key: '__proto__', value: {} }] }, 'no']),
      null,
      10,
    );
    expect(result.errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'severityNumber'],
      [1, 'timeUnixNano'],
      [2, 'attributes'],
      [3, 'logRecord'],
    ]);
  });

  it('refuses a body that is not an export request, and too many records', () => {
    expect(() => otlpLogs({ logs: [] }, null, 10)).toThrow(/resourceLogs/);
    expect(() => otlpLogs(request([{}, {}, {}]), null, 2)).toThrow(/at most 2/);
  });
});
