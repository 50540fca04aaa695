import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../api-keys';
import { authenticateApiKey } from '../api-key-authentication';
import { API_KEY_AUTH } from '../../common/auth/decorators';

/**
 * Global: on @ApiKeyAuth() routes, accepts `X-API-Key: <key>` or `Authorization: Bearer <key>`.
 * The intake routes had the key checked before their body was read (ApiKeyBeforeBody).
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
    request.apiKey ??= await authenticateApiKey(request, this.apiKeys);
    return true;
  }
}
