import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { REDACTED_PATHS } from './log-redaction';
import { currentRequest } from '../common/http/request-scope';

/** LOG_LEVEL (Nest's names, as before) to pino's. */
const PINO_LEVEL: Record<string, Level | 'silent'> = {
  silent: 'silent',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface AppLoggerSettings {
  nodeEnv: string;
  logLevel: string;
}

/**
 * The one logger of the process: JSON lines (pino) on stdout, pretty only in development,
 * every line written while a request is handled carrying its request id (`req_id`), and the
 * credential fields of anything logged replaced by [REDACTED]. `destination`: tests read it.
 */
export function createAppLogger(settings: AppLoggerSettings, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: PINO_LEVEL[settings.logLevel] ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    // Read only when a line is written: nothing is added to requests that log nothing.
    mixin: () => {
      const requestId = currentRequest()?.id;
      return requestId === undefined ? {} : { req_id: requestId };
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (settings.nodeEnv === 'development') {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } });
  }
  return pino(options);
}
