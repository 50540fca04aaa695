import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ChannelCredentials } from './channel-credentials';
import { ChannelCredentialsRotation } from './channel-credentials-rotation';
import { ChannelCredentialsRepository } from './channel-credentials.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryOutcomeRecorder } from './delivery-outcome-recorder';
import { DeliveryWorker } from './delivery-worker';
import { NotificationChannelsController } from './notification-channels.controller';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationSender } from './notification-sender';
import { OutboxRetentionRepository } from './outbox-retention.repository';
import { OutboxRetentionScheduler } from './outbox-retention.scheduler';
import { OutboxRetentionService } from './outbox-retention.service';

/**
 * Channels, the outbox -> deliveries -> HTTP pipeline (woken by the realtime listener), and
 * the retention of finished outbox events and deliveries.
 */
@Module({
  imports: [RealtimeModule, IncidentsModule],
  controllers: [NotificationChannelsController],
  providers: [
    NotificationChannelsService,
    NotificationSender,
    ChannelCredentials,
    ChannelCredentialsRepository,
    ChannelCredentialsRotation,
    DeliveriesRepository,
    DeliveryWorker,
    DeliveryOutcomeRecorder,
    OutboxRetentionRepository,
    OutboxRetentionService,
    OutboxRetentionScheduler,
  ],
})
export class NotificationsModule {}
