import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { passesCsrfCheck } from '../session-cookie';

export const CSRF_REFUSED = 'A write signed in by the session cookie needs the X-CSRF-Token header (the csrf_token cookie value)';

/** Global, after JwtAuthGuard: a user authenticated by the session cookie must prove the write is the console's own. */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Public and API-key routes do not authenticate through the cookie: nothing to forge there.
    if (!request.user) return true;
    if (!passesCsrfCheck(request.method, request.headers, this.config.auth.jwtSecret)) throw new ForbiddenException(CSRF_REFUSED);
    return true;
  }
}
