import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toErrorResponse } from './error-response';
import { redactedUrl } from './redacted-url';

/** Every error, from any route, leaves as `{statusCode, error, message, details?}`. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    sendError(reply, request, exception, this.logger);
  }
}

export function sendError(reply: FastifyReply, request: FastifyRequest, exception: unknown, logger: Logger): void {
  const mapped = toErrorResponse(exception);
  // `/events?token=<jwt>` and the like: the URL is logged, the credential in it is not.
  const url = redactedUrl(request.url);
  if (mapped.unexpected) {
    const stack = exception instanceof Error ? exception.stack : String(exception);
    logger.error(`request ${request.id} ${request.method} ${url} failed: ${stack}`);
  } else if (mapped.body.statusCode === 503) {
    const reason = exception instanceof Error ? exception.message : String(exception);
    logger.warn(`request ${request.id} ${request.method} ${url}: 503 (${reason})`);
  }
  if (reply.sent) return;
  void reply.status(mapped.body.statusCode).headers(mapped.headers).send(mapped.body);
}
