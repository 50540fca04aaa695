import { Injectable, Logger } from '@nestjs/common';
import { type AuditEntry, maskSecrets } from './audit-entry';
import { AuditEventsRepository, type NewAuditRow } from './audit-events.repository';
import { currentRequest } from '../common/http/request-scope';

/**
 * The one way to write the audit trail. Who, from which address and under which request id
 * come from the request being served (RequestScopeInterceptor), so callers only say what
 * changed. Secrets in before/after are masked here, whatever the caller passes.
 */
@Injectable()
export class AuditTrail {
  private readonly logger = new Logger(AuditTrail.name);

  constructor(private readonly events: AuditEventsRepository) {}

  /**
   * Appends one entry, after the change it records has committed. The change is not undone
   * when this write fails (the database is the same one, so that is rare): the failure is
   * logged as an error with the action and target, and the request still answers for the change.
   */
  async record(entry: AuditEntry): Promise<void> {
    const row = this.rowFor(entry);
    try {
      await this.events.append(row);
    } catch (error) {
      this.logger.error(
        `audit entry not written (${row.action} ${row.target_type} ${row.target_id ?? ''}): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private rowFor(entry: AuditEntry): NewAuditRow {
    const request = currentRequest();
    const actor = entry.actor
      ? { actor_type: entry.actor.type, actor_id: entry.actor.id ?? null, actor_label: entry.actor.label ?? null }
      : request?.user
        ? { actor_type: 'user', actor_id: request.user.id, actor_label: request.user.email }
        : request?.apiKey
          ? { actor_type: 'api_key', actor_id: request.apiKey.id, actor_label: request.apiKey.name }
          : { actor_type: 'system', actor_id: null, actor_label: null };
    return {
      ...actor,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      before: entry.before ? (maskSecrets(entry.before) as Record<string, unknown>) : null,
      after: entry.after ? (maskSecrets(entry.after) as Record<string, unknown>) : null,
      address: request?.ip ?? null,
      request_id: request ? String(request.id) : null,
    };
  }
}
