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
  const presented = keyOfAuthorization(request.headers.authorization ?? '');
  return request.headers['x-api-key'] !== undefined || (presented?.trim().startsWith(API_KEY_PREFIX) ?? false);
}

/**
 * `X-API-Key: <key>`, `Authorization: Bearer <key>` or `Authorization: Basic` with the key as the
 * password (any user name): log shippers (Promtail, Alloy, Fluent Bit, Vector) offer basic auth
 * everywhere and a custom header not always. Else `inBody`, the key a route's body carries (such as
 * PagerDuty's routing_key). Verified; 401 otherwise.
 */
export async function authenticateApiKey(request: FastifyRequest, apiKeys: ApiKeysService, inBody?: string): Promise<AuthenticatedApiKey> {
  const header = request.headers['x-api-key'];
  const presented = (typeof header === 'string' ? header : undefined) ?? keyOfAuthorization(request.headers.authorization ?? '') ?? inBody;
  if (!presented)
    throw new UnauthorizedException('An API key is required (X-API-Key header, Authorization: Bearer, or Basic with the key as password)');
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

function keyOfAuthorization(authorization: string): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization)?.[1];
  if (!basic) return undefined;
  const credentials = Buffer.from(basic, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon === -1 ? undefined : credentials.slice(colon + 1) || undefined;
}
