import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { OutboxModule } from '../outbox';
import { EscalationLifecycle } from './escalation-lifecycle';
import { EscalationPoliciesController, IncidentEscalationController } from './escalation-policies.controller';
import { EscalationPoliciesRepository } from './escalation-policies.repository';
import { EscalationPoliciesService } from './escalation-policies.service';
import { EscalationRunner } from './escalation-runner';
import { EscalationScheduler } from './escalation.scheduler';
import { IncidentEscalationsRepository } from './incident-escalations.repository';
import { StepTargets } from './step-targets';

/**
 * Escalation policies and the durable timers that page an unacknowledged incident's next
 * step. ON_CALL_LOOKUP (schedules) and ESCALATION_HOLD (silences) are optional ports that
 * other features bind at composition.
 */
@Module({
  imports: [IncidentsModule, OutboxModule],
  controllers: [EscalationPoliciesController, IncidentEscalationController],
  providers: [
    EscalationPoliciesService,
    EscalationPoliciesRepository,
    IncidentEscalationsRepository,
    EscalationLifecycle,
    EscalationRunner,
    EscalationScheduler,
    StepTargets,
  ],
  exports: [EscalationScheduler],
})
export class EscalationModule {}
