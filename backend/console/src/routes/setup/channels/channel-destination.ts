import type { Schemas } from '../../../api/client';

/** What a channel sends to: its masked URL, its email recipients, or PagerDuty. */
export const channelDestination = (channel: Schemas['NotificationChannelDto']): string =>
  channel.type === 'EMAIL' ? channel.recipients.join(', ') : channel.type === 'PAGERDUTY' ? 'PagerDuty Events API v2' : channel.url;
