import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../api-keys';
import { authenticateApiKey } from '../api-key-authentication';
import { API_KEY_AUTH, API_KEY_BODY_FIELD, API_KEY_SCOPE } from '../../common/auth/decorators';
import { scopesAllow, type ApiKeyScope } from '../../common/auth/api-key-scopes';

/**
 * Global: on @ApiKeyAuth(scope) routes, accepts `X-API-Key: <key>` or `Authorization: Bearer <key>`.
 * The intake routes had the key checked before their body was read (ApiKeyBeforeBody);
 * the scope is checked here, before the handler.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.getAllAndOverride<boolean>(API_KEY_AUTH, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // JwtAuthGuard authenticated a person on a route for keys and people alike: roles apply, not scopes.
    if (request.user) return true;
    const bodyField = this.reflector.getAllAndOverride<string | undefined>(API_KEY_BODY_FIELD, [context.getHandler(), context.getClass()]);
    request.apiKey ??= await authenticateApiKey(request, this.apiKeys, bodyField ? keyInBody(request.body, bodyField) : undefined);
    const scope = this.reflector.getAllAndOverride<ApiKeyScope>(API_KEY_SCOPE, [context.getHandler(), context.getClass()]);
    if (!scopesAllow(request.apiKey.scopes, scope)) {
      throw new ForbiddenException(`API key "${request.apiKey.name}" lacks the scope "${scope}" this route requires`);
    }
    return true;
  }
}

function keyInBody(body: unknown, field: string): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}
