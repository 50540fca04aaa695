import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const resources = new WeakMap<FastifyRequest, AsyncResource>();

/** The id of the request whose work is running now (every log line written for it carries it). */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/**
 * Runs each request's handling inside its own context. Entered in onRequest, then entered
 * again in preValidation: the body arrives through socket events, which run outside any
 * request's context, so the handler would otherwise lose it (the same two steps as
 * @fastify/request-context).
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    storage.run({ requestId: request.id }, () => {
      const resource = new AsyncResource('request-context');
      resources.set(request, resource);
      resource.runInAsyncScope(done);
    });
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const resource = resources.get(request);
    if (resource) resource.runInAsyncScope(done);
    else done();
  });
}
