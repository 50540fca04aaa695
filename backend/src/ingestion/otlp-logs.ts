import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import type { LogLevel } from '../generated/prisma/enums';
import type { LogFieldError } from './log-validation';

/**
 * OTLP/HTTP JSON logs (`ExportLogsServiceRequest`) to the `/ingest` log shape, which is then
 * validated like any other log. Pure. Field errors name the OTLP field of the record.
 */

/** OpenTelemetry's name for a resource without `service.name`. */
export const UNKNOWN_SERVICE = 'unknown_service';

export interface OtlpLogs {
  /** Logs in the `/ingest` shape ({service_id, level, message, timestamp, metadata}). */
  items: Record<string, unknown>[];
  /** `resourceLogs[i].scopeLogs[j].logRecords[k]` of each item, for error messages. */
  paths: string[];
  errors: LogFieldError[];
}

/** OTLP field that carries each `/ingest` field, to name it in errors. */
export const OTLP_FIELD: Record<string, string> = {
  service_id: 'resource.attributes[service.name]',
  level: 'severityNumber',
  message: 'body',
  timestamp: 'timeUnixNano',
  metadata: 'attributes',
  log: 'logRecord',
};

// SeverityNumber ranges of the OpenTelemetry log data model: 1-4 TRACE, 5-8 DEBUG,
// 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. We have no TRACE: it becomes DEBUG.
const LEVEL_BY_RANGE: LogLevel[] = ['DEBUG', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const LEVEL_BY_TEXT: Record<string, LogLevel> = {
  TRACE: 'DEBUG',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  INFORMATION: 'INFO',
  NOTICE: 'INFO',
  WARN: 'WARN',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  FATAL: 'FATAL',
  CRITICAL: 'FATAL',
  EMERGENCY: 'FATAL',
  ALERT: 'FATAL',
};

const MAX_VALUE_DEPTH = 64;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export function otlpSeverity(severityNumber: unknown, severityText: unknown): LogLevel | undefined | 'invalid' {
  // Protobuf's JSON mapping also allows the enum's name: "SEVERITY_NUMBER_ERROR2".
  const named = typeof severityNumber === 'string' ? /^SEVERITY_NUMBER_([A-Z]+?)([1-4])?$/.exec(severityNumber) : null;
  if (named) return named[1] === 'UNSPECIFIED' ? textSeverity(severityText) : (LEVEL_BY_TEXT[named[1]!] ?? 'invalid');
  if (severityNumber !== undefined && severityNumber !== null && severityNumber !== 0) {
    if (typeof severityNumber !== 'number' || !Number.isInteger(severityNumber) || severityNumber < 1 || severityNumber > 24)
      return 'invalid';
    return LEVEL_BY_RANGE[Math.floor((severityNumber - 1) / 4)];
  }
  return textSeverity(severityText);
}

function textSeverity(severityText: unknown): LogLevel | undefined | 'invalid' {
  if (severityText === undefined || severityText === null || severityText === '') return undefined;
  if (typeof severityText !== 'string') return 'invalid';
  // OpenTelemetry short names carry a rank digit: ERROR2, WARN3...
  return (
    LEVEL_BY_TEXT[
      severityText
        .trim()
        .toUpperCase()
        .replace(/[1-4]$/, '')
    ] ?? 'invalid'
  );
}

/** Nanoseconds since the epoch (uint64 as a string, or a number) to an ISO string. */
export function otlpTime(value: unknown): string | undefined | 'invalid' {
  if (value === undefined || value === null || value === '' || value === '0' || value === 0) return undefined;
  let millis: number;
  // uint64 is a string in OTLP/JSON; some exporters send a number (nanoseconds lose precision as a double, milliseconds do not).
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) millis = Math.floor(value / 1_000_000);
  else if (typeof value === 'string' && /^\d{1,20}$/.test(value)) millis = Number(BigInt(value) / 1_000_000n);
  else return 'invalid';
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? 'invalid' : date.toISOString();
}

/** An OTLP AnyValue to plain JSON. Too deep a value is cut, and the validator reports the depth. */
export function anyValueToJson(value: unknown, depth = 0): unknown {
  if (!isObject(value) || depth > MAX_VALUE_DEPTH) return null;
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if ('doubleValue' in value) return value.doubleValue;
  if ('bytesValue' in value) return value.bytesValue;
  if (isObject(value.arrayValue)) return asArray(value.arrayValue.values).map((item) => anyValueToJson(item, depth + 1));
  if (isObject(value.kvlistValue)) return keyValuesToObject(asArray(value.kvlistValue.values), depth + 1);
  return null;
}

/** `[{key, value}]` to an object; undefined when a key is missing or is `__proto__`. */
function keyValuesToObject(pairs: unknown[], depth: number): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  for (const pair of pairs) {
    if (!isObject(pair) || typeof pair.key !== 'string' || pair.key === '__proto__') return undefined;
    result[pair.key] = anyValueToJson(pair.value, depth);
  }
  return result;
}

function serviceName(resource: unknown): string | undefined {
  if (!isObject(resource)) return undefined;
  for (const attribute of asArray(resource.attributes)) {
    if (isObject(attribute) && attribute.key === 'service.name' && isObject(attribute.value)) {
      const name = attribute.value.stringValue;
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}

function mapRecord(record: unknown, service: string, index: number, errors: LogFieldError[]): Record<string, unknown> {
  const fail = (field: string, message: string) => errors.push({ index, field, message });
  if (!isObject(record)) {
    fail('logRecord', 'must be an object');
    return {};
  }
  const log: Record<string, unknown> = { service_id: service };

  const level = otlpSeverity(record.severityNumber, record.severityText);
  if (level === 'invalid') fail('severityNumber', 'must be 1-24, or severityText one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL');
  log.level = level ?? 'INFO';

  const body = isObject(record.body) ? anyValueToJson(record.body) : undefined;
  log.message = body === undefined || body === null ? '' : typeof body === 'string' ? body : JSON.stringify(body);

  const time = otlpTime(record.timeUnixNano);
  const observed = otlpTime(record.observedTimeUnixNano);
  if (time === 'invalid') fail('timeUnixNano', 'must be nanoseconds since the epoch, as a string of digits');
  else if (time === undefined && observed === 'invalid')
    fail('observedTimeUnixNano', 'must be nanoseconds since the epoch, as a string of digits');
  else log.timestamp = time ?? observed;

  const attributes = record.attributes === undefined ? {} : keyValuesToObject(asArray(record.attributes), 1);
  if (attributes === undefined) fail('attributes', 'must be a list of {key, value} with string keys other than "__proto__"');
  else {
    if (typeof record.traceId === 'string' && record.traceId !== '') attributes.trace_id = record.traceId;
    if (typeof record.spanId === 'string' && record.spanId !== '') attributes.span_id = record.spanId;
    if (Object.keys(attributes).length > 0) log.metadata = attributes;
  }
  return log;
}

export function otlpLogs(body: unknown, defaultServiceId: string | null, maxLogs: number): OtlpLogs {
  if (!isObject(body) || !Array.isArray(body.resourceLogs)) {
    throw new BadRequestException({
      message: 'Expected an OTLP ExportLogsServiceRequest: {"resourceLogs": [...]}',
      details: [{ field: 'resourceLogs', message: 'must be an array' }],
    });
  }
  const result: OtlpLogs = { items: [], paths: [], errors: [] };
  body.resourceLogs.forEach((resourceLogs: unknown, r) => {
    if (!isObject(resourceLogs)) return;
    const service = serviceName(resourceLogs.resource) ?? defaultServiceId ?? UNKNOWN_SERVICE;
    asArray(resourceLogs.scopeLogs).forEach((scopeLogs, s) => {
      if (!isObject(scopeLogs)) return;
      asArray(scopeLogs.logRecords).forEach((record, k) => {
        if (result.items.length >= maxLogs) throw new PayloadTooLargeException(`Too many log records in one request: at most ${maxLogs}`);
        result.paths.push(`resourceLogs[${r}].scopeLogs[${s}].logRecords[${k}]`);
        result.items.push(mapRecord(record, service, result.items.length, result.errors));
      });
    });
  });
  return result;
}
