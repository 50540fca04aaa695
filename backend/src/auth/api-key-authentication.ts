import { Injectable, OnModuleInit, UnauthorizedException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_KEY_PREFIX, ApiKeysService } from '../api-keys';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Authenticate the API key in onRequest, before the body is read (the intake routes). */
    apiKeyBeforeBody?: boolean;
  }
}

/** Whether the request carries an API key rather than a user's token (keys have their own prefix). */
export function presentsApiKey(request: FastifyRequest): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  return request.headers['x-api-key'] !== undefined || (bearer?.trim().startsWith(API_KEY_PREFIX) ?? false);
}

/**
 * `X-API-Key: <key>` or `Authorization: Bearer <key>` (else `inBody`, the key a route's body
 * carries, such as PagerDuty's routing_key), verified; 401 otherwise.
 */
export async function authenticateApiKey(request: FastifyRequest, apiKeys: ApiKeysService, inBody?: string): Promise<AuthenticatedApiKey> {
  const header = request.headers['x-api-key'];
  const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  const presented = (typeof header === 'string' ? header : undefined) ?? bearer ?? inBody;
  if (!presented) throw new UnauthorizedException('An API key is required (X-API-Key header or Authorization: Bearer)');
  const key = await apiKeys.verify(presented.trim());
  if (!key) throw new UnauthorizedException('Unknown or revoked API key, or it has expired');
  return key;
}

/**
 * Nest's guards run once the body is parsed: on the intake routes that is after up to
 * INGEST_MAX_BODY_BYTES were decompressed and parsed for anyone. This Fastify onRequest hook
 * authenticates the key first, on the routes whose config asks for it; ApiKeyGuard then finds
 * `request.apiKey` set.
 */
@Injectable()
export class ApiKeyBeforeBody implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly apiKeys: ApiKeysService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.addHook('onRequest', async (request) => {
      if (request.routeOptions.config?.apiKeyBeforeBody) request.apiKey = await authenticateApiKey(request, this.apiKeys);
    });
  }
}
