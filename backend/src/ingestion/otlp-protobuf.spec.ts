import { SDK_ERROR_LOG, SDK_MAP_BODY_LOG } from '../../test/support/otlp-sdk-requests';
import { bytes, double, fixed64, message, otlpLogsProtobuf, readRpcStatus, string, varint } from '../../test/support/protobuf-writer';
import { BodyError } from './ingest-body';
import { otlpLogs } from './otlp-logs';
import { decodeExportLogsRequest, encodeRpcStatus, isProtobufContentType, MAX_ANY_VALUE_DEPTH } from './otlp-protobuf';

const JSON_REQUEST = {
  resourceLogs: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payment-service' } }] },
      scopeLogs: [
        {
          scope: { name: 'checkout' },
          logRecords: [
            {
              timeUnixNano: '1769248800123456789',
              severityNumber: 17,
              severityText: 'ERROR',
              body: { stringValue: 'Payment gateway timeout' },
              attributes: [
                { key: 'transaction_id', value: { stringValue: 'tx_123' } },
                { key: 'attempt', value: { intValue: '3' } },
                { key: 'big', value: { intValue: '9007199254740993' } },
                { key: 'negative', value: { intValue: '-42' } },
                { key: 'ratio', value: { doubleValue: 0.25 } },
                { key: 'ok', value: { boolValue: false } },
                { key: 'raw', value: { bytesValue: 'yv4=' } },
                {
                  key: 'nested',
                  value: {
                    kvlistValue: {
                      values: [
                        {
                          key: 'list',
                          value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { arrayValue: { values: [] } }] } },
                        },
                        { key: 'empty', value: {} },
                      ],
                    },
                  },
                },
              ],
              flags: 1,
              traceId: '5b8efff798038103d269b633813fc60c',
              spanId: 'eee19b7ec3c1b174',
              eventName: 'payment.failed',
            },
            {
              observedTimeUnixNano: '1769248801000000000',
              severityText: 'warning',
              body: { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } },
            },
          ],
        },
      ],
    },
  ],
};

function decodeError(body: Buffer): BodyError {
  try {
    decodeExportLogsRequest(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BodyError);
    return error as BodyError;
  }
  throw new Error('expected a BodyError');
}

describe('decodeExportLogsRequest', () => {
  it('decodes to the object the JSON encoding parses to: 64-bit as strings, ids as hex, bytes as base64', () => {
    expect(decodeExportLogsRequest(otlpLogsProtobuf(JSON_REQUEST))).toEqual(JSON_REQUEST);
  });

  it('so the one OTLP mapper gives the same logs for both encodings', () => {
    const fromProtobuf = otlpLogs(decodeExportLogsRequest(otlpLogsProtobuf(JSON_REQUEST)), null, 100);
    expect(fromProtobuf).toEqual(otlpLogs(JSON_REQUEST, null, 100));
    expect(fromProtobuf.items[0]).toMatchObject({
      service_id: 'payment-service',
      level: 'ERROR',
      timestamp: '2026-01-24T10:00:00.123Z',
      metadata: {
        attempt: 3,
        big: '9007199254740993',
        negative: -42,
        nested: { list: ['a', 1, []], empty: null },
        trace_id: '5b8efff798038103d269b633813fc60c',
        span_id: 'eee19b7ec3c1b174',
      },
    });
  });

  it('reads what the OpenTelemetry JS SDK exporter sends', () => {
    const decoded = decodeExportLogsRequest(SDK_ERROR_LOG);
    const record = (decoded.resourceLogs[0] as any).scopeLogs[0].logRecords[0];
    expect(record).toMatchObject({
      timeUnixNano: '1769248800123456789',
      severityNumber: 17,
      severityText: 'ERROR',
      body: { stringValue: 'Payment gateway timeout' },
      flags: 1,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
    });
    const { items, errors } = otlpLogs(decoded, null, 100);
    expect(errors).toEqual([]);
    expect(items).toEqual([
      {
        service_id: 'sdk-service',
        level: 'ERROR',
        message: 'Payment gateway timeout',
        timestamp: '2026-01-24T10:00:00.123Z',
        metadata: {
          'transaction.id': 'tx_123',
          attempt: 3,
          balance: -42,
          ratio: 0.5,
          retried: true,
          tags: ['a', 'b'],
          trace_id: '5b8efff798038103d269b633813fc60c',
          span_id: 'eee19b7ec3c1b174',
        },
      },
    ]);
    expect(otlpLogs(decodeExportLogsRequest(SDK_MAP_BODY_LOG), null, 100).items).toEqual([
      { service_id: 'sdk-service', level: 'WARN', message: '{"order":"o-1","items":2}', timestamp: '2026-01-24T10:00:01.000Z' },
    ]);
  });

  it('reads an empty body as a request without logs (zero bytes is a valid empty message)', () => {
    expect(decodeExportLogsRequest(Buffer.alloc(0))).toEqual({ resourceLogs: [] });
  });

  it('skips fields it does not know, at every level, whatever their wire type', () => {
    const unknown = [varint(99, 7), fixed64(98, 1n), string(97, 'future'), bytes(96, [1, 2, 3])];
    const body = Buffer.concat([
      ...unknown,
      message(
        1,
        ...unknown,
        message(1, ...unknown, message(1, string(1, 'service.name'), message(2, string(1, 'svc'), ...unknown), ...unknown)),
        message(
          2,
          ...unknown,
          message(1, string(1, 'scope'), ...unknown),
          message(2, ...unknown, varint(2, 9), message(5, ...unknown, string(1, 'hi'))),
        ),
      ),
    ]);
    expect(decodeExportLogsRequest(body)).toEqual({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeLogs: [{ scope: { name: 'scope' }, logRecords: [{ severityNumber: 9, body: { stringValue: 'hi' } }] }],
        },
      ],
    });
  });

  it('follows protobuf for fields sent twice: the last scalar or oneof member wins, messages merge', () => {
    const record = message(
      2,
      varint(2, 5),
      varint(2, 17),
      message(5, string(1, 'first'), varint(3, -7)),
      message(6, string(1, 'k'), message(2, message(5, message(1, string(1, 'a'))))),
    );
    const resourceLogs = message(
      1,
      message(1, message(1, string(1, 'service.name'), message(2, string(1, 'svc')))),
      message(1, message(1, string(1, 'region'), message(2, string(1, 'eu')))),
      message(2, record),
    );
    const kvTwice = message(
      1,
      message(
        2,
        message(
          2,
          message(
            6,
            string(1, 'k'),
            message(2, message(6, message(1, string(1, 'a'), message(2, varint(2, 1))))),
            message(2, message(6, message(1, string(1, 'b'), message(2, varint(2, 0))))),
          ),
        ),
      ),
    );
    const decoded = decodeExportLogsRequest(Buffer.concat([resourceLogs, kvTwice]));
    expect(decoded.resourceLogs[0]).toEqual({
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'svc' } },
          { key: 'region', value: { stringValue: 'eu' } },
        ],
      },
      scopeLogs: [
        {
          logRecords: [
            {
              severityNumber: 17,
              body: { intValue: '-7' },
              attributes: [{ key: 'k', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }],
            },
          ],
        },
      ],
    });
    expect((decoded.resourceLogs[1] as any).scopeLogs[0].logRecords[0].attributes[0].value).toEqual({
      kvlistValue: {
        values: [
          { key: 'a', value: { boolValue: true } },
          { key: 'b', value: { boolValue: false } },
        ],
      },
    });
  });

  it('writes the doubles JSON has no number for as protobuf JSON does', () => {
    const record = (value: number) => message(1, message(2, message(2, message(5, double(4, value)))));
    const bodyOf = (value: number) => (decodeExportLogsRequest(record(value)).resourceLogs[0] as any).scopeLogs[0].logRecords[0].body;
    expect(bodyOf(NaN)).toEqual({ doubleValue: 'NaN' });
    expect(bodyOf(Infinity)).toEqual({ doubleValue: 'Infinity' });
    expect(bodyOf(-Infinity)).toEqual({ doubleValue: '-Infinity' });
  });

  it('refuses a truncated request with a 400 that names the record and the field', () => {
    const whole = otlpLogsProtobuf(JSON_REQUEST);
    const error = decodeError(whole.subarray(0, whole.length - 3));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatch(
      /^Malformed protobuf ExportLogsServiceRequest: truncated: resourceLogs \(field 1\) announces \d+ bytes, \d+ left$/,
    );
    // A body (field 5) that announces 16 bytes where its record has 3 left
    const cutBody = message(1, message(2, message(2, varint(2, 9)), message(2, [0x2a, 0x10, 0x0a, 0x01, 0x61])));
    expect(decodeError(cutBody).message).toBe(
      'Malformed protobuf ExportLogsServiceRequest at resourceLogs[0].scopeLogs[0].logRecords[1]: truncated: body (field 5) announces 16 bytes, 3 left',
    );

    const badUtf8 = message(1, message(2, message(2, bytes(3, [0xff]))));
    expect(decodeError(badUtf8).message).toBe(
      'Malformed protobuf ExportLogsServiceRequest at resourceLogs[0].scopeLogs[0].logRecords[0]: severityText (field 3) is not valid UTF-8',
    );
  });

  it('refuses bytes that are not protobuf, and a known field with the wrong wire type', () => {
    expect(decodeError(Buffer.from('{"resourceLogs": []}')).message).toMatch(/^Malformed protobuf ExportLogsServiceRequest: /);
    expect(decodeError(Buffer.concat([varint(1, 5)])).message).toBe(
      'Malformed protobuf ExportLogsServiceRequest: resourceLogs (field 1) must be length-delimited (wire type 2), got varint (wire type 0)',
    );
    const timeAsVarint = message(1, message(2, message(2, varint(1, 5))));
    expect(decodeError(timeAsVarint).message).toMatch(/logRecords\[0\]: timeUnixNano \(field 1\) must be fixed64/);
  });

  it(`refuses values nested more than ${MAX_ANY_VALUE_DEPTH} levels deep instead of recursing without end`, () => {
    const nest = (levels: number) => {
      let value = string(1, 'leaf');
      for (let i = 1; i < levels; i++) value = message(5, message(1, value));
      return message(1, message(2, message(2, message(5, value))));
    };
    expect(() => decodeExportLogsRequest(nest(MAX_ANY_VALUE_DEPTH))).not.toThrow();
    expect(decodeError(nest(MAX_ANY_VALUE_DEPTH + 1)).message).toMatch(/nested more than 128 levels deep$/);
    expect(decodeError(nest(1_000)).statusCode).toBe(400);
  });
});

describe('encodeRpcStatus', () => {
  it('encodes google.rpc.Status with the message and a code for the HTTP status', () => {
    expect(readRpcStatus(encodeRpcStatus(400, 'Malformed protobuf: truncated'))).toEqual({
      code: 3,
      message: 'Malformed protobuf: truncated',
    });
    expect(readRpcStatus(encodeRpcStatus(503, 'Queue full'))).toEqual({ code: 14, message: 'Queue full' });
    expect(readRpcStatus(encodeRpcStatus(401, 'é'.repeat(200)))).toEqual({ code: 16, message: 'é'.repeat(200) });
  });
});

describe('isProtobufContentType', () => {
  it('matches application/x-protobuf, with parameters and in any case', () => {
    expect(isProtobufContentType('application/x-protobuf')).toBe(true);
    expect(isProtobufContentType('Application/X-Protobuf; charset=binary')).toBe(true);
    expect(isProtobufContentType('application/json')).toBe(false);
    expect(isProtobufContentType(undefined)).toBe(false);
  });
});
