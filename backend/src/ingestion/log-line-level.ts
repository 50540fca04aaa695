import type { LogLevel } from '../generated/prisma/enums';

/**
 * The level of a log that arrives without one of ours: a level word as the shippers write it
 * (Loki's `level`/`detected_level` labels, logfmt, JSON loggers), or read from the line itself
 * when it is JSON or logfmt with a level key. Pure.
 */

const LEVEL_BY_WORD: Record<string, LogLevel> = {
  trace: 'DEBUG',
  debug: 'DEBUG',
  dbg: 'DEBUG',
  info: 'INFO',
  information: 'INFO',
  informational: 'INFO',
  notice: 'INFO',
  warn: 'WARN',
  warning: 'WARN',
  error: 'ERROR',
  err: 'ERROR',
  fatal: 'FATAL',
  critical: 'FATAL',
  crit: 'FATAL',
  panic: 'FATAL',
  alert: 'FATAL',
  emerg: 'FATAL',
  emergency: 'FATAL',
};

// pino and bunyan write numbers: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
const LEVEL_BY_PINO_NUMBER: Record<number, LogLevel> = { 10: 'DEBUG', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

// Long lines are only looked at where a level key sits in practice: near the start.
const SCANNED_CHARS = 2048;
const LOGFMT_LEVEL = /(?:^|\s)(?:level|lvl)=("?)([A-Za-z]+)\1(?=\s|$)/;

export function levelOfWord(word: unknown): LogLevel | undefined {
  if (typeof word === 'number') return LEVEL_BY_PINO_NUMBER[word];
  if (typeof word !== 'string') return undefined;
  return LEVEL_BY_WORD[word.trim().toLowerCase()];
}

/** The level a JSON or logfmt line states, if it states one we know. */
export function levelOfLine(line: string): LogLevel | undefined {
  const start = line.trimStart();
  if (start.startsWith('{')) {
    const fromJson = levelOfJsonLine(start);
    if (fromJson) return fromJson;
  }
  const match = LOGFMT_LEVEL.exec(line.length > SCANNED_CHARS ? line.slice(0, SCANNED_CHARS) : line);
  return match ? levelOfWord(match[2]) : undefined;
}

function levelOfJsonLine(line: string): LogLevel | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  return levelOfWord(record.level) ?? levelOfWord(record.severity) ?? levelOfWord(record.lvl);
}
