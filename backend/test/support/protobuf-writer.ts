/**
 * A tiny protobuf writer for tests: each function returns one encoded field (tag + value), and
 * `message` wraps fields into an embedded message. Plus `otlpLogsProtobuf`, which encodes an
 * OTLP/JSON `ExportLogsServiceRequest` the way an OTLP exporter would send it in protobuf.
 */

type Part = Uint8Array | number[];

const concat = (parts: Part[]): Buffer => Buffer.concat(parts.map((part) => Buffer.from(part)));

export function varintBytes(value: number | bigint): number[] {
  // Negative int32/int64 values are sent as their 64-bit two's complement: 10 bytes.
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes: number[] = [];
  while (v > 0x7fn) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return bytes;
}

export const tag = (field: number, wireType: number): number[] => varintBytes((field << 3) | wireType);

export const varint = (field: number, value: number | bigint | boolean): Buffer =>
  concat([tag(field, 0), varintBytes(typeof value === 'boolean' ? Number(value) : value)]);

export function fixed64(field: number, value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return concat([tag(field, 1), bytes]);
}

export function double(field: number, value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(value);
  return concat([tag(field, 1), bytes]);
}

export function fixed32(field: number, value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return concat([tag(field, 5), bytes]);
}

export const bytes = (field: number, value: Part): Buffer => concat([tag(field, 2), varintBytes(value.length), value]);

export const string = (field: number, value: string): Buffer => bytes(field, Buffer.from(value, 'utf8'));

export const message = (field: number, ...fields: Part[]): Buffer => bytes(field, concat(fields));

// OTLP/JSON (as otlp-logs.ts reads it) -> protobuf, field numbers from opentelemetry-proto.

type Json = Record<string, any>;

function anyValue(value: Json): Buffer[] {
  if ('stringValue' in value) return [string(1, value.stringValue)];
  if ('boolValue' in value) return [varint(2, value.boolValue)];
  if ('intValue' in value) return [varint(3, BigInt(value.intValue))];
  if ('doubleValue' in value) return [double(4, value.doubleValue)];
  if ('arrayValue' in value) return [message(5, ...(value.arrayValue.values ?? []).map((v: Json) => message(1, ...anyValue(v))))];
  if ('kvlistValue' in value) return [message(6, ...(value.kvlistValue.values ?? []).map((kv: Json) => message(1, ...keyValue(kv))))];
  if ('bytesValue' in value) return [bytes(7, Buffer.from(value.bytesValue, 'base64'))];
  return [];
}

const keyValue = (kv: Json): Buffer[] => [string(1, kv.key), message(2, ...anyValue(kv.value ?? {}))];

function logRecord(record: Json): Buffer[] {
  const fields: Buffer[] = [];
  if (record.timeUnixNano !== undefined) fields.push(fixed64(1, BigInt(record.timeUnixNano)));
  if (record.severityNumber !== undefined) fields.push(varint(2, record.severityNumber));
  if (record.severityText !== undefined) fields.push(string(3, record.severityText));
  if (record.body !== undefined) fields.push(message(5, ...anyValue(record.body)));
  for (const kv of record.attributes ?? []) fields.push(message(6, ...keyValue(kv)));
  if (record.flags !== undefined) fields.push(fixed32(8, record.flags));
  if (record.traceId !== undefined) fields.push(bytes(9, Buffer.from(record.traceId, 'hex')));
  if (record.spanId !== undefined) fields.push(bytes(10, Buffer.from(record.spanId, 'hex')));
  if (record.observedTimeUnixNano !== undefined) fields.push(fixed64(11, BigInt(record.observedTimeUnixNano)));
  if (record.eventName !== undefined) fields.push(string(12, record.eventName));
  return fields;
}

export function otlpLogsProtobuf(request: { resourceLogs: Json[] }): Buffer {
  return concat(
    request.resourceLogs.map((resourceLogs) =>
      message(
        1,
        ...(resourceLogs.resource
          ? [message(1, ...(resourceLogs.resource.attributes ?? []).map((kv: Json) => message(1, ...keyValue(kv))))]
          : []),
        ...(resourceLogs.scopeLogs ?? []).map((scopeLogs: Json) =>
          message(
            2,
            ...(scopeLogs.scope ? [message(1, string(1, scopeLogs.scope.name ?? ''))] : []),
            ...(scopeLogs.logRecords ?? []).map((record: Json) => message(2, ...logRecord(record))),
          ),
        ),
      ),
    ),
  );
}

/** Reads the `google.rpc.Status {int32 code = 1; string message = 2}` of a protobuf error answer. */
export function readRpcStatus(body: Uint8Array): { code?: number; message?: string } {
  const buf = Buffer.from(body);
  const status: { code?: number; message?: string } = {};
  let pos = 0;
  const readVarint = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = buf[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    if (key === 0x08) status.code = readVarint();
    else if (key === 0x12) {
      const length = readVarint();
      status.message = buf.toString('utf8', pos, pos + length);
      pos += length;
    } else throw new Error(`unexpected field tag ${key} in google.rpc.Status`);
  }
  return status;
}
