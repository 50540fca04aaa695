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
    await this.timeline(claim, 'notification_sent', `Sent ${claim.eventType} to ${claim.channel.type} channel "${claim.channel.name}"`);
  }

  async failed(claim: ClaimedDelivery, error: string): Promise<void> {
    this.logger.warn(`${claim.eventType} ${claim.eventId} to channel "${claim.channel.name}" failed: ${error}`);
    await this.timeline(claim, 'notification_failed', `Could not send ${claim.eventType} to channel "${claim.channel.name}": ${error}`);
  }

  // The delivery is already recorded: a timeline write that fails must not make it a retry.
  private async timeline(claim: ClaimedDelivery, type: string, body: string): Promise<void> {
    if (!claim.incidentId) return;
    try {
      await this.incidents.addTimelineEntry(claim.incidentId, {
        type,
        actor: NOTIFICATION_ACTOR,
        body,
        after: { channel_id: claim.channel.id, event_id: claim.eventId, event_type: claim.eventType, attempts: claim.attempts },
      });
    } catch (error) {
      this.logger.warn(`timeline entry "${type}" for incident ${claim.incidentId} not written: ${(error as Error).message}`);
    }
  }
}
