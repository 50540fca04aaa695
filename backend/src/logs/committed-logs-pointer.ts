/**
 * What ingestion NOTIFYs on COMMITTED_LOGS_CHANNEL after a group commit: not the logs, only
 * where to find them (PostgreSQL caps a payload at 8000 bytes, and most instances have
 * nobody to show them to). Instances with live-tail clients read the rows it points to.
 */
export const COMMITTED_LOGS_CHANNEL = 'logs_committed';

export interface CommittedLogsPointer {
  /** Lowest and highest log id of the commit (bigint, as digits). Ids of other commits may fall between them. */
  firstId: string;
  lastId: string;
  /** Earliest and latest log timestamp (ms), so readers touch only those daily partitions. */
  fromMs: number;
  toMs: number;
  /** Logs in the commit(s). */
  count: number;
}

const ID = /^\d{1,19}$/;
const MAX_PAYLOAD_CHARS = 200;

const minId = (a: string, b: string) => (BigInt(a) <= BigInt(b) ? a : b);
const maxId = (a: string, b: string) => (BigInt(a) >= BigInt(b) ? a : b);

/** One pointer covering both (commits NOTIFYed together when they follow each other closely). */
export function mergePointers(a: CommittedLogsPointer, b: CommittedLogsPointer): CommittedLogsPointer {
  return {
    firstId: minId(a.firstId, b.firstId),
    lastId: maxId(a.lastId, b.lastId),
    fromMs: Math.min(a.fromMs, b.fromMs),
    toMs: Math.max(a.toMs, b.toMs),
    count: a.count + b.count,
  };
}

export function formatPointer(pointer: CommittedLogsPointer): string {
  return JSON.stringify({
    first_id: pointer.firstId,
    last_id: pointer.lastId,
    from: pointer.fromMs,
    to: pointer.toMs,
    count: pointer.count,
  });
}

/** Undefined for anything that is not a well-formed pointer (the channel is open to any database user). */
export function parsePointer(payload: string): CommittedLogsPointer | undefined {
  if (payload.length > MAX_PAYLOAD_CHARS) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { first_id, last_id, from, to, count } = value as Record<string, unknown>;
  if (typeof first_id !== 'string' || typeof last_id !== 'string' || !ID.test(first_id) || !ID.test(last_id)) return undefined;
  if (BigInt(first_id) > BigInt(last_id)) return undefined;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || (from as number) > (to as number)) return undefined;
  if (!Number.isSafeInteger(count) || (count as number) < 0) return undefined;
  return { firstId: first_id, lastId: last_id, fromMs: from as number, toMs: to as number, count: count as number };
}
