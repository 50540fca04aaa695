import type { LogLevel } from '../generated/prisma/enums';

/**
 * Announced (EventEmitter2, name LOGS_COMMITTED) after a group commit of ingested logs.
 * Ingestion does not know who listens; detection uses it to evaluate at once instead of
 * waiting for its next tick.
 */
export const LOGS_COMMITTED = 'logs.committed';

export interface LogsCommittedEvent {
  /** Logs in the commit. */
  count: number;
  /** Distinct service ids in the commit. */
  serviceIds: string[];
  /** Highest level in the commit (PostgreSQL enum order: DEBUG < INFO < WARN < ERROR < FATAL). */
  maxLevel: LogLevel;
}
