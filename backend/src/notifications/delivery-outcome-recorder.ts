import { Injectable, Logger } from '@nestjs/common';
import { IncidentsService } from '../incidents';
import type { ClaimedDelivery } from './deliveries.repository';

export const NOTIFICATION_ACTOR = 'system:notifications';

/**
 * Writes "notification sent/failed" on the incident's timeline. Kept apart from the worker
 * so the dependency on the incidents module sits in one place.
 */
@Injectable()
export class DeliveryOutcomeRecorder {
  private readonly logger = new Logger('Notifications');

  constructor(private readonly incidents: IncidentsService) {}

  async delivered(claim: ClaimedDelivery): Promise<void> {
    const method = claim.contactMethod;
    const body = method
      ? `Paged ${method.userEmail} by ${method.type} ("${method.label}")`
      : `Sent ${claim.eventType} to ${claim.channel!.type} channel "${claim.channel!.name}"`;
    await this.timeline(claim, method ? 'page_delivered' : 'notification_sent', body);
  }

  async failed(claim: ClaimedDelivery, error: string): Promise<void> {
    const method = claim.contactMethod;
    const target = method ? `${method.userEmail} by ${method.type} ("${method.label}")` : `channel "${claim.channel!.name}"`;
    this.logger.warn(`${claim.eventType} ${claim.eventId} to ${target} failed: ${error}`);
    const body = method ? `Could not page ${target}: ${error}` : `Could not send ${claim.eventType} to ${target}: ${error}`;
    await this.timeline(claim, method ? 'page_failed' : 'notification_failed', body);
  }

  // The delivery is already recorded: a timeline write that fails must not make it a retry.
  private async timeline(claim: ClaimedDelivery, type: string, body: string): Promise<void> {
    if (!claim.incidentId) return;
    try {
      await this.incidents.addTimelineEntry(claim.incidentId, {
        type,
        actor: NOTIFICATION_ACTOR,
        body,
        after: {
          ...(claim.channel ? { channel_id: claim.channel.id } : {}),
          ...(claim.contactMethod ? { contact_method_id: claim.contactMethod.id, medium: claim.contactMethod.type } : {}),
          event_id: claim.eventId,
          event_type: claim.eventType,
          attempts: claim.attempts,
        },
      });
    } catch (error) {
      this.logger.warn(`timeline entry "${type}" for incident ${claim.incidentId} not written: ${(error as Error).message}`);
    }
  }
}
