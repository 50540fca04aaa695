import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { redactedUrl } from '../common/errors/redacted-url';

// The intake routes answer thousands of requests a second: a line each would cost more than
// the rest of the request (and say nothing the metrics do not). Their successes log at debug.
const INTAKE_ROUTES = new Set(['/ingest', '/v1/logs']);

/**
 * One line per answered request: method, URL (credential parameters redacted), route
 * pattern, status and time. Never headers or bodies: that is where tokens, API keys and
 * passwords travel. 5xx at error, 4xx at warn, the rest at info (intake successes: debug).
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const route = request.is404 ? undefined : request.routeOptions.url;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : route && INTAKE_ROUTES.has(route) ? 'debug' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        {
          req_id: request.id,
          req: { method: request.method, url: redactedUrl(request.url), route },
          res: { status },
          response_time_ms: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}
