import { Injectable, OnModuleInit } from '@nestjs/common';
import type { Queryable } from '../database/pg-transaction';
import { OutboxRepository, type IncidentEventPayload } from '../outbox';
import { EscalationPoliciesRepository } from './escalation-policies.repository';
import { IncidentEscalationsRepository } from './incident-escalations.repository';

/**
 * Starts and stops escalations as incidents open, get acknowledged, resolved and reopened.
 * It observes outbox appends, which run inside the transaction of the incident change: the
 * escalation state commits (or vanishes) with the change, and the incidents feature does not
 * know escalation exists (escalation imports incidents, never the other way).
 */
@Injectable()
export class EscalationLifecycle implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly policies: EscalationPoliciesRepository,
    private readonly escalations: IncidentEscalationsRepository,
  ) {}

  onModuleInit(): void {
    this.outbox.observeAppends((client, payload) => this.onIncidentEvent(client, payload));
  }

  async onIncidentEvent(client: Queryable, payload: IncidentEventPayload): Promise<void> {
    const incidentId = payload.incident.id;
    // The time of the change, from the app Clock of the transaction that made it.
    const at = new Date(payload.occurred_at);
    switch (payload.event) {
      case 'incident.opened':
      case 'incident.reopened': {
        const policyId = await this.policies.policyFor(client, payload.incident.rule_id, payload.incident.service_id);
        if (policyId) await this.escalations.start(client, incidentId, policyId, at);
        else await this.escalations.remove(client, incidentId);
        return;
      }
      case 'incident.acknowledged':
        return this.escalations.acknowledge(client, incidentId, at);
      case 'incident.resolved':
        return this.escalations.stop(client, incidentId, at);
      default:
        return;
    }
  }
}
