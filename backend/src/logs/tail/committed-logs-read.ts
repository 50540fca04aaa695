import { logMatchConditions, statementParams, type LogMatchFilters } from '../log-search';

/** Logs to read: an id span, and when known the time span of their timestamps (to prune daily partitions). */
export interface CommittedSpan {
  firstId: bigint;
  lastId: bigint;
  fromMs?: number;
  toMs?: number;
}

const utc = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A log as JSON text, exactly as LogDto serialises it (same keys, order and time format):
 * PostgreSQL writes it, so Node neither parses the row nor stringifies it again, which is
 * most of the cost of a tail when thousands of logs a second go out (measured: journal).
 */
const LOG_JSON = `json_build_object('id', l.id::text, 'timestamp', ${utc('l."timestamp"')}, 'received_at', ${utc('l.received_at')},
  'service_id', l.service_id, 'level', l.level, 'message', l.message, 'metadata', l.metadata)::text`;

/**
 * One statement for all the tail clients of an instance: the logs of `span` that match at
 * least one of `filters`, each with `matches[i]` ('1' or '0') telling whether it matches `filters[i]`.
 * The filters are the SQL of `GET /logs` itself (logMatchConditions), so a tail shows
 * exactly what a search would: same word search (to_tsvector/websearch_to_tsquery), same
 * metadata comparison, same levels. Oldest id first; at most `limit` rows; each as `id`,
 * `json` (the log, as GET /logs/:id returns it) and `matches`.
 */
export function buildCommittedLogsRead(
  span: CommittedSpan,
  filters: readonly LogMatchFilters[],
  limit: number,
): { text: string; values: unknown[] } {
  if (filters.length === 0) throw new Error('a committed-logs read needs at least one filter');
  const { values, param } = statementParams();
  const matches = filters.map((filter) => {
    const conditions = logMatchConditions(filter, param);
    return conditions.length === 0 ? 'true' : `(${conditions.join(' AND ')})`;
  });
  const where = [`l.id BETWEEN ${param(span.firstId.toString(), '::bigint')} AND ${param(span.lastId.toString(), '::bigint')}`];
  // Timestamps are stored to the millisecond: the bounds are exact.
  if (span.fromMs !== undefined) where.push(`l."timestamp" >= ${param(new Date(span.fromMs).toISOString(), '::timestamptz')}`);
  if (span.toMs !== undefined) where.push(`l."timestamp" <= ${param(new Date(span.toMs).toISOString(), '::timestamptz')}`);
  // An unfiltered client wants every row; otherwise only rows someone wants are read out.
  if (!matches.includes('true')) where.push(`(${matches.join(' OR ')})`);
  // One character per filter ('1': matches) is cheaper for Node to read than a boolean[] per row.
  const flags = matches.map((condition) => `CASE WHEN ${condition} THEN '1' ELSE '0' END`).join(' || ');
  const text = `SELECT l.id::text AS id, ${LOG_JSON} AS json, ${flags} AS matches
    FROM logs l WHERE ${where.join(' AND ')} ORDER BY l.id LIMIT ${param(limit, '::int')}`;
  return { text, values };
}
