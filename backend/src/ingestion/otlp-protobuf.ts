import { BodyError } from './ingest-body';
import { ProtobufError, ProtobufReader } from './protobuf-reader';

/**
 * OTLP/HTTP in its protobuf encoding: an `ExportLogsServiceRequest` decoded into the object its
 * JSON encoding would have parsed to (OTLP/JSON mapping: camelCase names, 64-bit integers as
 * decimal strings, trace and span ids as lowercase hex, other bytes as base64), so that one
 * mapper (otlp-logs.ts) serves both encodings. And the `google.rpc.Status` that OTLP/HTTP wants
 * as the body of an error answered to a protobuf request. Pure.
 *
 * Field numbers: opentelemetry-proto, collector/logs/v1/logs_service.proto, logs/v1/logs.proto,
 * common/v1/common.proto, resource/v1/resource.proto. Singular fields sent twice follow protobuf:
 * the last scalar wins, embedded messages merge.
 */

export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';
export const OTLP_LOGS_PATH = '/v1/logs';

/** An empty `ExportLogsServiceResponse` (full success): zero bytes. */
export const EMPTY_EXPORT_LOGS_RESPONSE = Buffer.alloc(0);

/** Nesting of AnyValue (arrays in kvlists in arrays...) beyond which a request is refused. */
export const MAX_ANY_VALUE_DEPTH = 128;

type JsonObject = Record<string, unknown>;

export function isProtobufContentType(header: string | undefined): boolean {
  if (!header) return false;
  const semicolon = header.indexOf(';');
  return (semicolon === -1 ? header : header.slice(0, semicolon)).trim().toLowerCase() === PROTOBUF_CONTENT_TYPE;
}

/** The request body to `{resourceLogs: [...]}`; a malformed body is a 400 that says where and what. */
export function decodeExportLogsRequest(body: Buffer): { resourceLogs: JsonObject[] } {
  try {
    const reader = new ProtobufReader(body);
    const resourceLogs: JsonObject[] = [];
    while (reader.next()) {
      if (reader.field === 1) resourceLogs.push(decodeResourceLogs(reader.message('resourceLogs', resourceLogs.length)));
      else reader.skip();
    }
    return { resourceLogs };
  } catch (error) {
    if (!(error instanceof ProtobufError)) throw error;
    throw new BodyError(400, `Malformed protobuf ExportLogsServiceRequest${error.path ? ` at ${error.path}` : ''}: ${error.reason}`);
  }
}

function decodeResourceLogs(reader: ProtobufReader): JsonObject {
  const resourceLogs: JsonObject = {};
  const scopeLogs: JsonObject[] = [];
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        resourceLogs.resource = decodeResource(reader.message('resource'), resourceLogs.resource as JsonObject | undefined);
        break;
      case 2:
        scopeLogs.push(decodeScopeLogs(reader.message('scopeLogs', scopeLogs.length)));
        break;
      case 3:
        resourceLogs.schemaUrl = reader.string('schemaUrl');
        break;
      default:
        reader.skip();
    }
  }
  if (scopeLogs.length > 0) resourceLogs.scopeLogs = scopeLogs;
  return resourceLogs;
}

function decodeResource(reader: ProtobufReader, into: JsonObject = {}): JsonObject {
  while (reader.next()) {
    if (reader.field === 1) pushKeyValue(into, reader, 0);
    else if (reader.field === 2) into.droppedAttributesCount = reader.uint32('droppedAttributesCount');
    else reader.skip();
  }
  return into;
}

function decodeScopeLogs(reader: ProtobufReader): JsonObject {
  const scopeLogs: JsonObject = {};
  const logRecords: JsonObject[] = [];
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        scopeLogs.scope = decodeScope(reader.message('scope'), scopeLogs.scope as JsonObject | undefined);
        break;
      case 2:
        logRecords.push(decodeLogRecord(reader.message('logRecords', logRecords.length)));
        break;
      case 3:
        scopeLogs.schemaUrl = reader.string('schemaUrl');
        break;
      default:
        reader.skip();
    }
  }
  if (logRecords.length > 0) scopeLogs.logRecords = logRecords;
  return scopeLogs;
}

function decodeScope(reader: ProtobufReader, into: JsonObject = {}): JsonObject {
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        into.name = reader.string('name');
        break;
      case 2:
        into.version = reader.string('version');
        break;
      case 3:
        pushKeyValue(into, reader, 0);
        break;
      case 4:
        into.droppedAttributesCount = reader.uint32('droppedAttributesCount');
        break;
      default:
        reader.skip();
    }
  }
  return into;
}

function decodeLogRecord(reader: ProtobufReader): JsonObject {
  const record: JsonObject = {};
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        record.timeUnixNano = reader.fixed64('timeUnixNano').toString();
        break;
      case 11:
        record.observedTimeUnixNano = reader.fixed64('observedTimeUnixNano').toString();
        break;
      case 2:
        record.severityNumber = reader.int32('severityNumber');
        break;
      case 3:
        record.severityText = reader.string('severityText');
        break;
      case 5:
        record.body = decodeAnyValue(reader.message('body'), 1, record.body as JsonObject | undefined);
        break;
      case 6:
        pushKeyValue(record, reader, 0);
        break;
      case 7:
        record.droppedAttributesCount = reader.uint32('droppedAttributesCount');
        break;
      case 8:
        record.flags = reader.fixed32('flags');
        break;
      case 9:
        record.traceId = reader.bytes('traceId').toString('hex');
        break;
      case 10:
        record.spanId = reader.bytes('spanId').toString('hex');
        break;
      case 12:
        record.eventName = reader.string('eventName');
        break;
      default:
        reader.skip();
    }
  }
  return record;
}

/** Appends the KeyValue the reader is on to `owner.attributes` (or `.values` of a kvlist). */
function pushKeyValue(owner: JsonObject, reader: ProtobufReader, depth: number, list: 'attributes' | 'values' = 'attributes'): void {
  const pairs = (owner[list] ??= []) as JsonObject[];
  const item = reader.message(list, pairs.length);
  const pair: JsonObject = {};
  while (item.next()) {
    if (item.field === 1) pair.key = item.string('key');
    else if (item.field === 2) pair.value = decodeAnyValue(item.message('value'), depth + 1, pair.value as JsonObject | undefined);
    else item.skip();
  }
  pairs.push(pair);
}

/**
 * One AnyValue (a oneof: the last member sent wins; the same array or kvlist member sent twice
 * merges). `{}` when nothing is set, as in JSON.
 */
function decodeAnyValue(reader: ProtobufReader, depth: number, into?: JsonObject): JsonObject {
  if (depth > MAX_ANY_VALUE_DEPTH) throw reader.fail(`values are nested more than ${MAX_ANY_VALUE_DEPTH} levels deep`);
  let value: JsonObject = into ?? {};
  while (reader.next()) {
    switch (reader.field) {
      case 1:
        value = { stringValue: reader.string('stringValue') };
        break;
      case 2:
        value = { boolValue: reader.bool('boolValue') };
        break;
      case 3:
        value = { intValue: reader.int64('intValue').toString() };
        break;
      case 4:
        value = { doubleValue: jsonDouble(reader.double('doubleValue')) };
        break;
      case 5: {
        const values = (value.arrayValue as { values?: JsonObject[] } | undefined)?.values ?? [];
        const array = reader.message('arrayValue');
        while (array.next()) {
          if (array.field === 1) values.push(decodeAnyValue(array.message('values', values.length), depth + 1));
          else array.skip();
        }
        value = { arrayValue: { values } };
        break;
      }
      case 6: {
        const kvlist: JsonObject = (value.kvlistValue as JsonObject | undefined) ?? {};
        const list = reader.message('kvlistValue');
        while (list.next()) {
          if (list.field === 1) pushKeyValue(kvlist, list, depth, 'values');
          else list.skip();
        }
        kvlist.values ??= [];
        value = { kvlistValue: kvlist };
        break;
      }
      case 7:
        value = { bytesValue: reader.bytes('bytesValue').toString('base64') };
        break;
      default:
        reader.skip();
    }
  }
  return value;
}

/** Protobuf's JSON mapping writes the doubles JSON has no literal for as strings. */
function jsonDouble(value: number): number | string {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

// google.rpc.Status codes (google/rpc/code.proto). OTLP clients act on the HTTP status, not on
// this code ("the server MAY omit Status.code"); it is there for whoever reads their logs.
const RPC_CODE_BY_HTTP_STATUS: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 3, 415: 3, 429: 8, 503: 14, 504: 4 };
const RPC_UNKNOWN = 2;
const RPC_INTERNAL = 13;

/** `google.rpc.Status {int32 code = 1; string message = 2;}` for an HTTP error status. */
export function encodeRpcStatus(httpStatus: number, message: string): Buffer {
  const code = RPC_CODE_BY_HTTP_STATUS[httpStatus] ?? (httpStatus >= 500 ? RPC_INTERNAL : RPC_UNKNOWN);
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08, ...varint(code), 0x12, ...varint(text.length)]), text]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}
