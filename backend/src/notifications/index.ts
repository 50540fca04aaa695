// The notifications feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { NotificationsModule } from './notifications.module';
export { ChannelCredentials } from './channel-credentials';
export type { ContactNotice } from './contact-notices';
export { NotificationChannelsService } from './notification-channels.service';
export { NotificationSender, type OpenedContact } from './notification-sender';
export { isDelivered, type PostResult } from './safe-http';
export { SmtpMailer } from './smtp-mailer';
export { checkDestinationUrl } from './destination-check';
