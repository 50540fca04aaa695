import { LOG_LEVELS, LOG_LEVEL_LIST } from '../common/log-levels';
import type { LogLevel } from '../generated/prisma/enums';
import type { LogRow } from '../logs';
import { parseIsoTimestamp } from './iso-timestamp';

declare global {
  interface String {
    /** ES2024, available in Node 20. */
    isWellFormed(): boolean;
  }
}

/**
 * Hand-written validation of incoming logs: the ingest hot path checks thousands of logs a
 * second, and class-validator's per-object reflection costs more than the database write.
 * Pure: no Nest, no I/O, unit-tested next to this file.
 */

export interface IngestLimits {
  maxMessageBytes: number;
  maxMetadataBytes: number;
  maxMetadataDepth: number;
}

// One validated log, ready for the database: the logs feature's insert takes it.
export type { LogRow } from '../logs';

export interface LogFieldError {
  /** Position of the log in the request (0-based). */
  index: number;
  /** For NDJSON bodies: the line the log came from (1-based). */
  line?: number;
  field: string;
  message: string;
}

export interface ValidationContext {
  limits: IngestLimits;
  /** Receive time (epoch ms): the default timestamp and the reference for "future". */
  now: number;
  /** The service of a bound API key: used when a log names none. */
  defaultServiceId: string | null;
}

const LEVEL_BY_NAME = new Map<string, LogLevel>(LOG_LEVELS.map((level) => [level, level]));

const KNOWN_FIELDS = new Set(['service_id', 'level', 'message', 'timestamp', 'metadata']);

export const SERVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;
/** Logs stamped further ahead than this are refused: a wrong clock would otherwise create partitions far in the future. */
export const MAX_FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
const EARLIEST_TIMESTAMP_MS = 0;

export function parseLevel(value: unknown): LogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  return LEVEL_BY_NAME.get(value) ?? LEVEL_BY_NAME.get(value.toUpperCase());
}

/**
 * PostgreSQL cannot store NUL in text or jsonb, and jsonb refuses unpaired surrogates
 * (`"\ud800"`): such a value would fail the whole group commit, so it is refused here.
 */
function storableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** UTF-8 length check without encoding the common short string: a UTF-16 unit is 1 to 3 bytes. */
function longerThan(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(text) > maxBytes;
}

/** Why the metadata cannot be stored, or undefined when it can. */
function checkMetadataValue(value: unknown, depth: number, maxDepth: number): string | undefined {
  if (typeof value === 'string') return storableText(value) ? undefined : 'must not contain NUL characters or invalid Unicode';
  if (value === null || typeof value !== 'object') return undefined;
  if (depth > maxDepth) return `must not be nested more than ${maxDepth} levels deep`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = checkMetadataValue(item, depth + 1, maxDepth);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return 'must not contain a "__proto__" key';
    if (!storableText(key)) return 'keys must not contain NUL characters or invalid Unicode';
    const problem = checkMetadataValue((value as Record<string, unknown>)[key], depth + 1, maxDepth);
    if (problem) return problem;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Validates one log; pushes its problems to `errors` and returns the row only when it has none. */
export function validateLog(
  raw: unknown,
  index: number,
  context: ValidationContext,
  errors: LogFieldError[],
  line?: number,
): LogRow | undefined {
  const fail = (field: string, message: string) =>
    errors.push(line === undefined ? { index, field, message } : { index, line, field, message });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fail('log', `must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const log = raw as Record<string, unknown>;
  const before = errors.length;
  // Strict like the rest of the API: a field we would silently drop is refused instead.
  for (const key of Object.keys(log)) {
    if (!KNOWN_FIELDS.has(key)) fail(key, `is not a log field (${[...KNOWN_FIELDS].join(', ')}): put extra data in metadata`);
  }

  let serviceId = log.service_id;
  if (serviceId === undefined && context.defaultServiceId !== null) serviceId = context.defaultServiceId;
  if (serviceId === undefined) fail('service_id', 'is required');
  else if (typeof serviceId !== 'string') fail('service_id', `must be a string, got ${describe(serviceId)}`);
  else if (!SERVICE_ID_PATTERN.test(serviceId)) fail('service_id', 'must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"');

  const level = parseLevel(log.level);
  if (level === undefined) {
    if (log.level === undefined) fail('level', 'is required');
    else
      fail(
        'level',
        `must be one of ${LOG_LEVEL_LIST} (any case), got ${typeof log.level === 'string' ? JSON.stringify(log.level.slice(0, 40)) : describe(log.level)}`,
      );
  }

  const message = log.message;
  if (message === undefined) fail('message', 'is required');
  else if (typeof message !== 'string') fail('message', `must be a string, got ${describe(message)}`);
  else if (longerThan(message, context.limits.maxMessageBytes)) fail('message', `must be at most ${context.limits.maxMessageBytes} bytes`);
  else if (!storableText(message)) fail('message', 'must not contain NUL characters or invalid Unicode');

  let timestampMs = context.now;
  if (log.timestamp !== undefined && log.timestamp !== null) {
    const parsed = typeof log.timestamp === 'string' ? parseIsoTimestamp(log.timestamp) : undefined;
    if (parsed === undefined) fail('timestamp', 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-24T10:00:00Z');
    else if (parsed > context.now + MAX_FUTURE_SKEW_MS) fail('timestamp', 'must not be more than 1 day in the future');
    else if (parsed < EARLIEST_TIMESTAMP_MS) fail('timestamp', 'must not be before 1970-01-01');
    else timestampMs = parsed;
  }

  let metadata: string | null = null;
  if (log.metadata !== undefined && log.metadata !== null) {
    if (typeof log.metadata !== 'object' || Array.isArray(log.metadata))
      fail('metadata', `must be an object, got ${describe(log.metadata)}`);
    else {
      const problem = checkMetadataValue(log.metadata, 1, context.limits.maxMetadataDepth);
      if (problem) fail('metadata', problem);
      else {
        metadata = JSON.stringify(log.metadata);
        if (longerThan(metadata, context.limits.maxMetadataBytes))
          fail('metadata', `must be at most ${context.limits.maxMetadataBytes} bytes serialised`);
      }
    }
  }

  if (errors.length > before) return undefined;
  return { timestampMs, serviceId: serviceId as string, level: level!, message: message as string, metadata };
}
