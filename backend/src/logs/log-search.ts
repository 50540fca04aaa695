import { BadRequestException } from '@nestjs/common';
import type { LogLevel } from '../generated/prisma/enums';

/**
 * The pure half of `GET /logs`: metadata filters from the raw query, the opaque cursor and
 * the SQL. Newest first by (timestamp DESC, id DESC); the cursor is the last row's
 * (timestamp, id), so a page never repeats or skips a row however many logs arrive between
 * two pages (keyset pagination).
 */

export interface MetadataFilter {
  /** Path into the metadata object: `metadata.http.status` -> ['http', 'status']. */
  path: string[];
  value: string;
}

export interface LogCursor {
  timestamp: Date;
  id: string;
}

export interface LogSearchFilters extends LogMatchFilters {
  from?: Date;
  to?: Date;
  incidentId?: string;
  cursor?: LogCursor;
  limit: number;
}

export const METADATA_PREFIX = 'metadata.';
const MAX_METADATA_FILTERS = 10;
const MAX_PATH_SEGMENTS = 10;
const MAX_FILTER_LENGTH = 1000;
const BIGINT_MAX = 9223372036854775807n;

/** Splits `metadata.<path>=<value>` parameters from the others (which the DTO validates). */
export function splitMetadataFilters(query: Record<string, unknown>): { rest: Record<string, unknown>; metadata: MetadataFilter[] } {
  const rest: Record<string, unknown> = {};
  const metadata: MetadataFilter[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (!key.startsWith(METADATA_PREFIX)) {
      rest[key] = value;
      continue;
    }
    const path = key.slice(METADATA_PREFIX.length).split('.');
    const fail = (message: string) => {
      throw new BadRequestException({ message: `${key}: ${message}`, details: [{ field: key, errors: [message] }] });
    };
    if (path.some((segment) => segment === '') || path.length > MAX_PATH_SEGMENTS)
      fail(`must be metadata.<key> or metadata.<key>.<nested key> (at most ${MAX_PATH_SEGMENTS} keys)`);
    if (typeof value !== 'string') fail('must be given once, as text');
    if ((value as string).length > MAX_FILTER_LENGTH || key.length > MAX_FILTER_LENGTH)
      fail(`must be at most ${MAX_FILTER_LENGTH} characters`);
    metadata.push({ path, value: value as string });
  }
  if (metadata.length > MAX_METADATA_FILTERS) {
    throw new BadRequestException(`At most ${MAX_METADATA_FILTERS} metadata.<key> filters per search`);
  }
  return { rest, metadata };
}

export function encodeCursor(cursor: LogCursor): string {
  return Buffer.from(JSON.stringify([cursor.timestamp.toISOString(), cursor.id])).toString('base64url');
}

export function decodeCursor(text: string): LogCursor {
  const invalid = () =>
    new BadRequestException({
      message: 'cursor is invalid: pass next_cursor from a previous page unchanged',
      details: [{ field: 'cursor', errors: ['is invalid'] }],
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalid();
  const [timestamp, id] = parsed as unknown[];
  if (typeof timestamp !== 'string' || typeof id !== 'string' || !/^\d{1,19}$/.test(id) || BigInt(id) > BIGINT_MAX) throw invalid();
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) throw invalid();
  return { timestamp: date, id };
}

/** A log id from the URL: a positive bigint, as digits. */
export function isLogId(text: string): boolean {
  return /^\d{1,19}$/.test(text) && BigInt(text) <= BIGINT_MAX;
}

export const LOG_COLUMNS = `l.id, l."timestamp", l.received_at, l.service_id, l.level::text AS level, l.message, l.metadata`;

/** What a log must match: the filters `GET /logs` and `GET /logs/tail` share. */
export interface LogMatchFilters {
  serviceId?: string;
  level?: LogLevel;
  minLevel?: LogLevel;
  q?: string;
  metadata: MetadataFilter[];
}

/** Adds a value to the statement's parameters and returns its placeholder (`$n`, with `cast`). */
export type AddParam = (value: unknown, cast?: string) => string;

/** The SQL conditions (over `logs l`, ANDed) of those filters; none for an empty filter. */
export function logMatchConditions(filters: LogMatchFilters, param: AddParam): string[] {
  const where: string[] = [];
  if (filters.serviceId !== undefined) where.push(`l.service_id = ${param(filters.serviceId)}`);
  if (filters.level !== undefined) where.push(`l.level = ${param(filters.level, '::"LogLevel"')}`);
  if (filters.minLevel !== undefined) where.push(`l.level >= ${param(filters.minLevel, '::"LogLevel"')}`);
  // Same expression as the GIN index (logs_message_fts_idx), so the index serves it.
  if (filters.q !== undefined) where.push(`to_tsvector('simple', l.message) @@ websearch_to_tsquery('simple', ${param(filters.q)})`);
  for (const filter of filters.metadata) where.push(`l.metadata #>> ${param(filter.path, '::text[]')} = ${param(filter.value)}`);
  return where;
}

/** A parameter list and the function that appends to it. */
export function statementParams(): { values: unknown[]; param: AddParam } {
  const values: unknown[] = [];
  return {
    values,
    param: (value, cast = '') => {
      values.push(value);
      return `$${values.length}${cast}`;
    },
  };
}

/** The search as one parameterised statement; fetches `limit + 1` rows to know whether a next page exists. */
export function buildLogSearch(filters: LogSearchFilters): { text: string; values: unknown[] } {
  const { values, param } = statementParams();
  const where = logMatchConditions(filters, param);
  if (filters.from !== undefined) where.push(`l."timestamp" >= ${param(filters.from, '::timestamptz')}`);
  if (filters.to !== undefined) where.push(`l."timestamp" < ${param(filters.to, '::timestamptz')}`);
  if (filters.incidentId !== undefined) {
    where.push(
      `(l."timestamp", l.id) IN (SELECT il.log_ts, il.log_id FROM incident_logs il WHERE il.incident_id = ${param(filters.incidentId, '::uuid')})`,
    );
  }
  if (filters.cursor)
    where.push(`(l."timestamp", l.id) < (${param(filters.cursor.timestamp, '::timestamptz')}, ${param(filters.cursor.id, '::bigint')})`);
  const text = `SELECT ${LOG_COLUMNS} FROM logs l${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY l."timestamp" DESC, l.id DESC LIMIT ${param(filters.limit + 1, '::int')}`;
  return { text, values };
}
