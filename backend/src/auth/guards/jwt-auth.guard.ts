import { ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { API_KEY_AUTH, API_KEY_OR_USER, IS_PUBLIC } from '../../common/auth/decorators';
import { presentsApiKey } from '../api-key-authentication';

/** Global: every route needs a valid JWT unless it is @Public() or an @ApiKeyAuth() route. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(API_KEY_AUTH, targets)) {
      // On routes for keys and people alike, a presented API key goes to ApiKeyGuard; anything else is a user's.
      if (!this.reflector.getAllAndOverride<boolean>(API_KEY_OR_USER, targets)) return true;
      if (presentsApiKey(context.switchToHttp().getRequest<FastifyRequest>())) return true;
    }
    return super.canActivate(context);
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error || !user) {
      throw error instanceof UnauthorizedException ? error : new UnauthorizedException('Missing, invalid or expired token');
    }
    return user;
  }
}
