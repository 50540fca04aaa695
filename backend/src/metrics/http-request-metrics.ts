import type { FastifyInstance } from 'fastify';
import type { AppMetrics } from './app-metrics';

/**
 * Counts and times every answered request under its route PATTERN (`/incidents/:id`), never
 * the raw URL: ids and query strings would make a series per request. Requests that match no
 * route (404s, scans) share the one `unmatched` label. reply.elapsedTime is Fastify's own
 * measure from the request's arrival, so nothing is stored on the request.
 */
export function registerHttpRequestMetrics(fastify: FastifyInstance, metrics: AppMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.is404 ? undefined : request.routeOptions.url;
    metrics.recordHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
