import { Module, OnModuleInit } from '@nestjs/common';
import { AppMetrics } from '../metrics';
import { IncidentEventListener } from './incident-event-listener';
import { OutboxRetentionScheduler } from './outbox-retention.scheduler';
import { OutboxRetentionService } from './outbox-retention.service';
import { OutboxRepository } from './outbox.repository';

/**
 * The incident event outbox: its table (append inside the change's transaction, reads of the
 * payloads, retention) and the instance's one LISTEN connection that the outbox trigger's
 * NOTIFYs arrive on. Incidents write to it; realtime and notifications consume it.
 */
@Module({
  providers: [OutboxRepository, IncidentEventListener, OutboxRetentionService, OutboxRetentionScheduler],
  exports: [OutboxRepository, IncidentEventListener],
})
export class OutboxModule implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly outbox: OutboxRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.sampleOutboxLag(() => this.outbox.undispatchedLagSeconds());
  }
}
