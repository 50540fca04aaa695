import type { LogLevel } from '../generated/prisma/enums';

/** PostgreSQL's enum order (schema.prisma): a rule's level counts itself and everything above. */
export const LEVELS_IN_ORDER: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export const levelRank = (level: LogLevel): number => LEVELS_IN_ORDER.indexOf(level);

/**
 * The levels a rule counts, as an explicit list: `level = ANY('{ERROR,FATAL}')` gives the
 * (level, timestamp) index one exact time range per level. With `level >= 'ERROR'`,
 * PostgreSQL before 18 (no skip scan) walks every ERROR+ entry of the day's partition and
 * filters on time; PostgreSQL 18 plans both the same (measured in the journal).
 */
export const levelsAtOrAbove = (level: LogLevel): LogLevel[] => LEVELS_IN_ORDER.slice(levelRank(level));
