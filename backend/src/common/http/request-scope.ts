import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/**
 * The HTTP request a piece of work runs for: the audit trail reads who, from where and under
 * which request id from it, and every log line written meanwhile carries its id (`req_id`).
 * One scope for both, entered by RequestScopeInterceptor after the guards (the user or key is
 * known by then). On Node 20 each AsyncLocalStorage in use costs every promise created inside
 * it; a second one entered for logging at onRequest cost single-log ingest 15-20 % of its rate
 * (measured, see the journal), so logging reads this one instead. Lines written by guards and
 * body parsing carry no req_id; the "request completed" line names it itself.
 */
const scope = new AsyncLocalStorage<FastifyRequest>();

export const currentRequest = (): FastifyRequest | undefined => scope.getStore();

@Injectable()
export class RequestScopeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // The handler runs when the returned observable is subscribed, so the subscription itself
    // has to happen inside the scope (returning next.handle() from run() would leave it).
    return new Observable((subscriber) => scope.run(request, () => next.handle().subscribe(subscriber)));
  }
}
