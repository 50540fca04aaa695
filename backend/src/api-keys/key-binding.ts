import { ForbiddenException } from '@nestjs/common';
import type { AuthenticatedApiKey } from '../common/auth/auth.types';

/**
 * For ingestion: a key bound to a service may only write that service's logs; an unbound
 * key (service_id null) may write for any. Throws 403 naming the first service it may not
 * write for.
 */
export function assertKeyMayWriteFor(key: AuthenticatedApiKey, serviceIds: Iterable<string>): void {
  if (key.serviceId === null) return;
  for (const serviceId of serviceIds) {
    if (serviceId !== key.serviceId) {
      throw new ForbiddenException(
        `API key "${key.name}" is bound to service "${key.serviceId}" and may not write logs for service "${serviceId}"`,
      );
    }
  }
}
