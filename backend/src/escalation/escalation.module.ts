import { AuditModule } from '../audit';
import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { OutboxModule } from '../outbox';
import { OnCallLookup, SchedulesModule } from '../schedules';
import { SilencesModule, SilencesService } from '../silences';
import { ESCALATION_HOLD } from './escalation-hold.port';
import { ON_CALL_LOOKUP } from './on-call.port';
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
 * step. Who is on call comes from schedules (ON_CALL_LOOKUP) and whether paging is held from
 * silences (ESCALATION_HOLD): both are ports, so the runner and the targets depend only on
 * what they ask, and their tests can bind their own.
 */
@Module({
  imports: [AuditModule, IncidentsModule, OutboxModule, SchedulesModule, SilencesModule],
  controllers: [EscalationPoliciesController, IncidentEscalationController],
  providers: [
    EscalationPoliciesService,
    EscalationPoliciesRepository,
    IncidentEscalationsRepository,
    EscalationLifecycle,
    EscalationRunner,
    EscalationScheduler,
    StepTargets,
    { provide: ON_CALL_LOOKUP, useExisting: OnCallLookup },
    { provide: ESCALATION_HOLD, useExisting: SilencesService },
  ],
  exports: [EscalationScheduler],
})
export class EscalationModule {}
