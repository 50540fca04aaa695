import type { LoggerService } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { scrubSecrets } from './log-redaction';

/**
 * Nest's Logger (every `new Logger('Context')` in the features, Nest's own start-up lines)
 * written through the app's pino logger: one logger, one format, one redaction. Messages are
 * scrubbed of credentials: they are free text (an error message may quote a header).
 */
export class NestLoggerBridge implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  // Nest passes (message, context) or, for errors, (message, stack, context).
  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = params.length > 0 && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const stack = typeof params[0] === 'string' ? params[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (message instanceof Error) {
      fields.err = { type: message.name, message: scrubSecrets(message.message), stack: scrubSecrets(message.stack ?? '') };
      this.logger[level](fields, scrubSecrets(message.message));
      return;
    }
    if (stack) fields.stack = scrubSecrets(stack);
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.logger[level](fields, scrubSecrets(text ?? String(message)));
  }
}
