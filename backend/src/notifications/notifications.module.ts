import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { IncidentsModule } from '../incidents';
import { OutboxModule } from '../outbox';
import { ChannelCredentials } from './channel-credentials';
import { ChannelCredentialsRotation } from './channel-credentials-rotation';
import { ContactPageClaims } from './contact-page-claims';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryOutcomeRecorder } from './delivery-outcome-recorder';
import { DeliveryWorker } from './delivery-worker';
import { NotificationChannelsController } from './notification-channels.controller';
import { NotificationChannelsRepository } from './notification-channels.repository';
import { NotificationChannelsService } from './notification-channels.service';
import { NotificationSender } from './notification-sender';
import { SmtpMailer } from './smtp-mailer';

/**
 * Channels and the outbox -> deliveries -> HTTP pipeline (woken by the outbox's listener).
 * Finished outbox events and their deliveries are pruned by the outbox's retention.
 */
@Module({
  imports: [AuditModule, OutboxModule, IncidentsModule],
  controllers: [NotificationChannelsController],
  providers: [
    NotificationChannelsService,
    NotificationSender,
    SmtpMailer,
    ChannelCredentials,
    NotificationChannelsRepository,
    ChannelCredentialsRotation,
    DeliveriesRepository,
    ContactPageClaims,
    DeliveryWorker,
    DeliveryOutcomeRecorder,
  ],
  // For contact methods: verification codes and test pages go through the same senders and checks.
  exports: [NotificationSender, NotificationChannelsService, ChannelCredentials, SmtpMailer],
})
export class NotificationsModule {}
