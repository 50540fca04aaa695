import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from '../common/errors/all-exceptions.filter';
import { InvalidPagerDutyEvent } from './pagerduty-event';

/**
 * On the PagerDuty-compatible route an invalid event is answered as PagerDuty answers it
 * (400 `{status: "invalid event", message: "Event object is invalid", errors: [...]}`), so
 * tools written against PagerDuty log a familiar error. Everything else leaves in the app's one shape.
 */
@Catch()
export class PagerDutyErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof InvalidPagerDutyEvent) {
      void reply.status(400).send({ status: 'invalid event', message: 'Event object is invalid', errors: exception.errors });
      return;
    }
    sendError(reply, host.switchToHttp().getRequest<FastifyRequest>(), exception, this.logger);
  }
}
