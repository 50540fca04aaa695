// The pure part of NEW_PATTERN rules: which template each log carries, and how far the cursor
// may move. Unit-tested; the evaluator does the SQL around it.
import { createHash } from 'node:crypto';
import { tokenize } from '../analysis';

/** What the templating needs of a log read after the cursor. */
export interface TemplatedLog {
  id: string;
  service_id: string;
  message: string;
  timestamp: Date;
  settled: boolean;
}

/** The logs of one batch that carry one template from one service. */
export interface TemplateSighting {
  serviceId: string;
  template: string;
  /** sha256 of the template (hex): the key known_templates stores. */
  hash: string;
  logIds: string[];
  first: Date;
  last: Date;
}

/**
 * A message's template: its masked tokens (numbers, ids, addresses, quoted text... replaced by
 * placeholders, as the Drain miner sees them). Unlike a Drain cluster, which generalises with
 * what it saw before, this depends on the message alone: the same on every instance and after
 * every restart, so it can be remembered in the database.
 */
export const templateOf = (message: string): string => tokenize(message).join(' ');

export const templateHash = (template: string): string => createHash('sha256').update(template).digest('hex');

/** Groups a batch by (service, template), in the order each pair was first seen (log id order). */
export function sightings(logs: readonly TemplatedLog[]): TemplateSighting[] {
  const byKey = new Map<string, TemplateSighting>();
  for (const log of logs) {
    const template = templateOf(log.message);
    const key = `${log.service_id}\u0000${template}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.logIds.push(log.id);
      if (log.timestamp < seen.first) seen.first = log.timestamp;
      if (log.timestamp > seen.last) seen.last = log.timestamp;
    } else {
      const hash = templateHash(template);
      byKey.set(key, { serviceId: log.service_id, template, hash, logIds: [log.id], first: log.timestamp, last: log.timestamp });
    }
  }
  return [...byKey.values()];
}

/**
 * Where the cursor may move after a batch (read in id order): past the settled logs up to the
 * first unsettled one. Logs from there on are read again next time (their templates are known
 * by then, so they report nothing twice) until no lower id can still be in flight.
 */
export function nextCursor(current: string, logs: readonly Pick<TemplatedLog, 'id' | 'settled'>[]): string {
  let cursor = current;
  for (const log of logs) {
    if (!log.settled) break;
    cursor = log.id;
  }
  return cursor;
}
