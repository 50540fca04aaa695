import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/**
 * The HTTP request a piece of work runs for, so that an audit entry can say who, from where
 * and under which request id without every service taking those as parameters. Set by
 * RequestScopeInterceptor, which runs after the guards (the user or key is known by then).
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
