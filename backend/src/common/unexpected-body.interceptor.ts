import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { invalidRequest } from './validation';

const BODY_PARAMETERS = new Set([String(RouteParamtypes.BODY), String(RouteParamtypes.RAW_BODY)]);

/**
 * The global ValidationPipe refuses unknown fields, but only in a body some parameter reads:
 * on a route that takes no body (`POST /incidents/:id/acknowledge`) anything sent was
 * silently ignored, so a client sending `{"note": ...}` believed it was recorded. Here such a
 * route refuses a body with fields, naming them as the pipe would; an empty one (`{}`, or
 * none) is fine. Runs after the guards, so an unauthenticated caller still gets 401.
 */
@Injectable()
export class UnexpectedBodyInterceptor implements NestInterceptor {
  /** Handler -> whether one of its parameters reads the body (route metadata never changes). */
  private readonly readsBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http' && !this.handlerReadsBody(context)) {
      refuseBody(context.switchToHttp().getRequest<FastifyRequest>().body);
    }
    return next.handle();
  }

  private handlerReadsBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let reads = this.readsBody.get(handler);
    if (reads === undefined) {
      // Nest records each decorated parameter under "<type>:<index>" on the controller class.
      const parameters = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, unknown>;
      reads = Object.keys(parameters).some((key) => BODY_PARAMETERS.has(key.split(':')[0]!));
      this.readsBody.set(handler, reads);
    }
    return reads;
  }
}

function refuseBody(body: unknown): void {
  if (body === undefined || body === null || body === '' || (ArrayBuffer.isView(body) && body.byteLength === 0)) return;
  // Text, an array or bytes (a protobuf body): nothing here could be named as a field.
  if (typeof body !== 'object' || Array.isArray(body) || ArrayBuffer.isView(body)) {
    throw invalidRequest([{ field: 'body', errors: ['body must be empty or {}: this route takes no body'] }]);
  }
  const fields = Object.keys(body);
  if (fields.length) throw invalidRequest(fields.map((field) => ({ field, errors: [`property ${field} should not exist`] })));
}
