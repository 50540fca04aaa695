import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../../api-keys';
import { API_KEY_AUTH } from '../../common/auth/decorators';

/** Global: on @ApiKeyAuth() routes, accepts `X-API-Key: <key>` or `Authorization: Bearer <key>`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.getAllAndOverride<boolean>(API_KEY_AUTH, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['x-api-key'];
    const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const presented = (typeof header === 'string' ? header : undefined) ?? bearer;
    if (!presented) throw new UnauthorizedException('An API key is required (X-API-Key header or Authorization: Bearer)');
    const key = await this.apiKeys.verify(presented.trim());
    if (!key) throw new UnauthorizedException('Unknown or revoked API key');
    request.apiKey = key;
    return true;
  }
}
