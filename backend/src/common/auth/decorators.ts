import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../generated/prisma/enums';
import type { ApiKeyScope } from './api-key-scopes';
import type { AuthenticatedApiKey, AuthenticatedUser } from './auth.types';

export const IS_PUBLIC = 'auth:public';
export const MIN_ROLE = 'auth:min-role';
export const API_KEY_AUTH = 'auth:api-key';
export const API_KEY_SCOPE = 'auth:api-key-scope';
export const API_KEY_BODY_FIELD = 'auth:api-key-body-field';
export const API_KEY_OR_USER = 'auth:api-key-or-user';

/** No authentication at all (login, health, docs). Everything else needs a JWT or an API key. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * The least role allowed; higher roles are included (VIEWER < RESPONDER < ADMIN).
 * A JWT route without @Roles is open to every signed-in user.
 */
export const Roles = (minimum: Role) =>
  applyDecorators(
    SetMetadata(MIN_ROLE, minimum),
    ApiBearerAuth('jwt'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked token' }),
    ApiForbiddenResponse({ description: `Requires role ${minimum} or higher` }),
  );

/**
 * Routes for services and tools (log and alert intake): an API key instead of a user's JWT,
 * holding `scope` (a key without it gets 403 naming it). Also what Swagger shows of it.
 */
export const ApiKeyAuth = (scope: ApiKeyScope, options: { bodyField?: string; alsoUsers?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(API_KEY_AUTH, true),
    SetMetadata(API_KEY_SCOPE, scope),
    // Routes people use too (reading incidents): a signed-in user's JWT or cookie works as before.
    SetMetadata(API_KEY_OR_USER, options.alsoUsers ?? false),
    // For tools that can only put the key in the body (PagerDuty's routing_key): read after the body.
    SetMetadata(API_KEY_BODY_FIELD, options.bodyField),
    ApiSecurity('api-key', [scope]),
    ApiHeader({
      name: 'X-API-Key',
      required: false,
      description:
        `API key with scope \`${scope}\` (or send it as \`Authorization: Bearer <key>\`` +
        (options.bodyField ? `, or as \`${options.bodyField}\` in the body)` : ')'),
    }),
    ApiUnauthorizedResponse({ description: 'Missing, unknown, revoked or expired API key (checked before the body is read)' }),
    ApiForbiddenResponse({ description: `The API key lacks the scope \`${scope}\` (or \`admin\`)` }),
  );

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedUser => {
  const user = context.switchToHttp().getRequest<FastifyRequest>().user;
  if (!user) throw new Error('CurrentUser used on a route without JWT authentication');
  return user;
});

export const CurrentApiKey = createParamDecorator((_data: unknown, context: ExecutionContext): AuthenticatedApiKey => {
  const key = context.switchToHttp().getRequest<FastifyRequest>().apiKey;
  if (!key) throw new Error('CurrentApiKey used on a route without @ApiKeyAuth');
  return key;
});
