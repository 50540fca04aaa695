import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryOutcomeRecorder } from './delivery-outcome-recorder';
import { DeliveryWorker } from './delivery-worker';
import { NotificationChannelsController } from './notification-channels.controller';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationSender } from './notification-sender';

/** Channels, and the outbox -> deliveries -> HTTP pipeline (woken by the realtime listener). */
@Module({
  imports: [RealtimeModule, IncidentsModule],
  controllers: [NotificationChannelsController],
  providers: [NotificationChannelsService, NotificationSender, DeliveriesRepository, DeliveryWorker, DeliveryOutcomeRecorder],
})
export class NotificationsModule {}
