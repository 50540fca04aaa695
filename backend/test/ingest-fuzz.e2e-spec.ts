import { gzipSync } from 'node:zlib';
import { bytes, message, otlpLogsProtobuf, readRpcStatus, string, varint } from './support/protobuf-writer';
import { startTestApp, type TestApp } from './support/test-app';

/** Small deterministic PRNG (mulberry32): the corpus is the same on every run. */
function prng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  path: string;
  contentType: string;
  body: Uint8Array | string;
  encoding?: string;
  /** Random bytes may happen to be a valid (empty) protobuf message: a 200 that stores nothing is fine. */
  mayBeValid?: boolean;
}

const random = prng(20261125);
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
const valid = () => ({
  service_id: `fuzz-${Math.floor(random() * 5)}`,
  level: 'ERROR',
  message: 'fuzz message',
  timestamp: new Date().toISOString(),
});

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { [`k${i}`]: value };
  return value;
}

const WRONG_FIELDS: Array<(log: Record<string, unknown>) => void> = [
  (l) => (l.level = pick([5, 'CRITICALISH', '', null, ['ERROR'], { l: 1 }])),
  (l) => (l.service_id = pick([42, '', 'bad service!', 'x'.repeat(200), null, {}, ['a']])),
  (l) => (l.message = pick([null, 17, { m: 1 }, ['x'], 'x'.repeat(40_000)])),
  (l) => (l.timestamp = pick(['yesterday', '2026-13-45T99:00:00Z', 12345, '', true, '2026-11-24 10:00'])),
  (l) => (l.metadata = pick(['string', 12, ['array'], true, nested(11 + Math.floor(random() * 40))])),
  (l) => delete l.service_id,
  (l) => delete l.message,
  (l) => (l.unexpected_field = { a: 1 }),
];

const PROTOBUF = 'application/x-protobuf';
const validOtlp = (logRecords: Record<string, unknown>[]) =>
  otlpLogsProtobuf({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `fuzz-otlp-${Math.floor(random() * 5)}` } }] },
        scopeLogs: [{ logRecords }],
      },
    ],
  });
const randomBytes = (max: number) => Uint8Array.from({ length: 1 + Math.floor(random() * max) }, () => Math.floor(random() * 256));
const inRecord = (...fields: Buffer[]) =>
  message(1, message(1, message(1, string(1, 'service.name'), message(2, string(1, 'fuzz-otlp-r')))), message(2, message(2, ...fields)));

/** Every case is malformed in at least one way, so none may be stored. */
function makeCase(): Case {
  const kind = Math.floor(random() * 15);
  const json = 'application/json';
  switch (kind) {
    case 0:
      return {
        path: '/ingest',
        contentType: json,
        body: Uint8Array.from({ length: 1 + Math.floor(random() * 300) }, () => Math.floor(random() * 256)),
      };
    case 1: {
      const text = JSON.stringify(Array.from({ length: 3 }, valid));
      return { path: '/ingest', contentType: json, body: text.slice(0, Math.max(1, Math.floor(random() * (text.length - 1)))) };
    }
    case 2: {
      const logs = Array.from({ length: 1 + Math.floor(random() * 5) }, valid) as Record<string, unknown>[];
      const broken = pick(logs);
      pick(WRONG_FIELDS)(broken);
      return { path: '/ingest', contentType: json, body: JSON.stringify(pick([logs, { logs }, broken])) };
    }
    case 3:
      return {
        path: '/ingest',
        contentType: json,
        body: `{"service_id":"fuzz-p","level":"ERROR","message":"m","metadata":{"__proto__":{"polluted":true}}}`,
      };
    case 4: {
      const prefix = Buffer.from('{"service_id":"fuzz-u","level":"ERROR","message":"');
      const bad = Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0, 0xa1].slice(0, 1 + Math.floor(random() * 6)));
      return { path: '/ingest', contentType: json, body: new Uint8Array(Buffer.concat([prefix, bad, Buffer.from('"}')])) };
    }
    case 5: {
      const lines = Array.from({ length: 2 + Math.floor(random() * 5) }, () => JSON.stringify(valid()));
      lines[Math.floor(random() * lines.length)] = pick(['{not json', '[]', '42', '"text"', '{"level":"ERROR"}']);
      return { path: '/ingest', contentType: 'application/x-ndjson', body: lines.join('\n') };
    }
    case 6:
      return {
        path: '/ingest',
        contentType: json,
        encoding: 'gzip',
        body: pick([
          Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, ...Array.from({ length: 40 }, () => Math.floor(random() * 256))]),
          new Uint8Array(gzipSync(Buffer.from('{"service_id": "fuzz-g", "level": "ERR'))),
          new TextEncoder().encode('not gzip at all'),
        ]),
      };
    case 7:
      return {
        path: '/ingest',
        contentType: pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/octet-stream']),
        body: JSON.stringify(valid()),
      };
    case 8:
      return {
        path: '/ingest',
        contentType: json,
        body: pick(['', ' ', 'null', '[]', '{}', '{"logs": []}', '{"logs": 5}', '1e999', '"str"', 'true']),
      };
    case 9:
      return {
        path: '/v1/logs',
        contentType: json,
        body: JSON.stringify(
          pick([
            { resourceLogs: 'nope' },
            {
              resourceLogs: [
                { resource: { attributes: [] }, scopeLogs: [{ logRecords: [{ severityNumber: 'high', body: { stringValue: 'x' } }] }] },
              ],
            },
            { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: 'soon', body: { stringValue: 'x' } }] }] }] },
            [],
          ]),
        ),
      };
    case 11: {
      // A valid export cut anywhere inside its one top-level field.
      const whole = validOtlp([{ severityNumber: 17, body: { stringValue: 'fuzz' } }, { body: { kvlistValue: { values: [] } } }]);
      return { path: '/v1/logs', contentType: PROTOBUF, body: whole.subarray(0, 1 + Math.floor(random() * (whole.length - 1))) };
    }
    case 12:
      return {
        path: '/v1/logs',
        contentType: PROTOBUF,
        body: pick([
          inRecord(varint(1, 5)), // timeUnixNano must be fixed64
          inRecord(bytes(3, [0xc3, 0x28])), // severityText not UTF-8
          inRecord(varint(2, 99)), // severityNumber out of range
          inRecord(message(6, message(2, string(1, 'no key')))), // attribute without a key
          inRecord(Buffer.from([0x2a, 0x7f, 0x0a])), // body announcing more than there is
          inRecord(Buffer.from([0x0b])), // a group
          Buffer.concat([validOtlp([{ body: { stringValue: 'ok' } }]), Buffer.from([0x0a, 0x05, 0x0a])]),
          new TextEncoder().encode(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [valid()] }] }] })),
        ]),
      };
    case 13:
      return { path: '/v1/logs', contentType: PROTOBUF, body: randomBytes(300), mayBeValid: true };
    case 14:
      return pick<Case>([
        { path: '/ingest', contentType: PROTOBUF, body: validOtlp([{ body: { stringValue: 'wrong door' } }]) },
        { path: '/v1/logs', contentType: PROTOBUF, encoding: 'gzip', body: randomBytes(60) },
        {
          path: '/v1/logs',
          contentType: PROTOBUF,
          encoding: 'gzip',
          body: new Uint8Array(gzipSync(validOtlp([{ body: { stringValue: 'x' } }]).subarray(0, 20))),
        },
      ]);
    default: {
      const logs = Array.from({ length: 2 }, valid) as Record<string, unknown>[];
      pick(WRONG_FIELDS)(logs[1]!);
      return { path: '/ingest', contentType: 'application/x-ndjson', body: logs.map((l) => JSON.stringify(l)).join('\n') };
    }
  }
}

describe('a generated corpus of 1,000 malformed ingest payloads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('never gets a 5xx, stores nothing and leaves the service serving', async () => {
    const corpus = Array.from({ length: 1000 }, makeCase);
    const statuses = new Map<number, number>();
    const serverErrors: Array<{ status: number; case: Case; text: string }> = [];
    for (let i = 0; i < corpus.length; i += 20) {
      await Promise.all(
        corpus.slice(i, i + 20).map(async (c) => {
          const headers: Record<string, string> = { 'content-type': c.contentType };
          if (c.encoding) headers['content-encoding'] = c.encoding;
          const res = await t.request('POST', c.path, { apiKey: t.apiKey, rawBody: c.body, headers });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          // OTLP answers 200 with partialSuccess.rejectedLogRecords for records it drops.
          const otlpRejected = c.path === '/v1/logs' && res.status === 200 && Number(res.body?.partialSuccess?.rejectedLogRecords) > 0;
          const acceptedEmpty = c.mayBeValid && res.status === 200;
          if (res.status >= 500 || (res.status < 400 && !otlpRejected && !acceptedEmpty))
            serverErrors.push({ status: res.status, case: c, text: res.text.slice(0, 200) });
          else if (res.status >= 400 && c.path === '/v1/logs' && c.contentType === PROTOBUF)
            // OTLP/HTTP: errors to a protobuf request are a protobuf google.rpc.Status.
            expect(readRpcStatus(res.bytes).message).toEqual(expect.any(String));
          else if (!otlpRejected && !acceptedEmpty) expect(res.body).toMatchObject({ statusCode: res.status, message: expect.any(String) });
        }),
      );
    }
    expect(serverErrors).toEqual([]);
    // Random protobuf bytes that happen to hold a record would be stored under unknown_service (the key is not bound).
    const { rows } = await t.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM logs WHERE service_id LIKE 'fuzz%' OR service_id = 'unknown_service'`,
    );
    expect(Number(rows[0]!.n)).toBe(0);
    const health = await t.request('GET', '/health');
    expect(health.status).toBe(200);
    const ok = await t.request('POST', '/ingest', {
      apiKey: t.apiKey,
      body: { service_id: 'after-fuzz', level: 'INFO', message: 'still serving' },
    });
    expect(ok.status).toBe(201);
  });
});
