import { createParamDecorator, ExecutionContext, ForbiddenException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Who changes an incident: a person (their JWT) or an automation's API key with the scope
 * `incidents:write`. `actor` is what the timeline and outbox events show: `user:<id>` or
 * `api_key:<key name>` (like alert intake's `<source>:<key name>`). A key bound to a service
 * (`onlyService`) may change only that service's incidents: least privilege for a bot that
 * acknowledges its own service's pages.
 */
export interface IncidentActor {
  actor: string;
  userId: string | null;
  onlyService: string | null;
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): IncidentActor => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (request.user) return { actor: `user:${request.user.id}`, userId: request.user.id, onlyService: null };
  if (request.apiKey) return { actor: `api_key:${request.apiKey.name}`, userId: null, onlyService: request.apiKey.serviceId };
  throw new Error('CurrentActor used on a route without authentication');
});

/** 403 when a service-bound key touches another service's incident (or one of no service). */
export function assertMayChange(by: IncidentActor, incident: { id: string; service_id: string | null }): void {
  if (by.onlyService !== null && incident.service_id !== by.onlyService) {
    throw new ForbiddenException(
      `This API key is bound to service "${by.onlyService}"; incident ${incident.id} belongs to ${incident.service_id === null ? 'no service' : `"${incident.service_id}"`}`,
    );
  }
}
