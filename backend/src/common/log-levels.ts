import type { LogLevel } from '../generated/prisma/enums';

/**
 * The one list of log levels, in PostgreSQL's enum order (schema.prisma): intake validation,
 * detection, search and the DTOs' enums all use it. A rule's level counts itself and everything above.
 */
export const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** `DEBUG, INFO, WARN, ERROR, FATAL`, for validation messages. */
export const LOG_LEVEL_LIST = LOG_LEVELS.join(', ');

export const levelRank = (level: LogLevel): number => LOG_LEVELS.indexOf(level);

/**
 * The levels a rule counts, as an explicit list: `level = ANY('{ERROR,FATAL}')` gives the
 * (level, timestamp) index one exact time range per level. With `level >= 'ERROR'`,
 * PostgreSQL before 18 (no skip scan) walks every ERROR+ entry of the day's partition and
 * filters on time; PostgreSQL 18 plans both the same (measured in the journal).
 */
export const levelsAtOrAbove = (level: LogLevel): LogLevel[] => LOG_LEVELS.slice(levelRank(level));
