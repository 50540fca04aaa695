import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ChannelType } from '../generated/prisma/enums';
import type { IncidentEventPayload } from '../outbox';
import { postGuarded, type PostResult } from './safe-http';
import { buildSlackMessage, buildSlackTestMessage } from './slack-message';
import { webhookHeaders } from './webhook-signature';

export interface ChannelTarget {
  id: string;
  name: string;
  type: ChannelType;
  url: string;
  secret: string | null;
}

/** Turns an event into the request a channel expects (Slack Block Kit or a signed webhook) and sends it. */
@Injectable()
export class NotificationSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  incidentUrl(incidentId: string): string {
    const base = (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
    return `${base}/incidents/${incidentId}`;
  }

  sendEvent(channel: ChannelTarget, payload: IncidentEventPayload, signal?: AbortSignal): Promise<PostResult> {
    if (channel.type === 'SLACK') {
      return this.post(channel.url, JSON.stringify(buildSlackMessage(payload, this.incidentUrl(payload.incident.id))), jsonHeaders, signal);
    }
    // jsonb does not keep key order: put the documented order back for humans reading bodies.
    const { id, event, occurred_at, incident, data } = payload;
    const body = JSON.stringify({ id, event, occurred_at, incident, ...(data === undefined ? {} : { data }) });
    return this.post(channel.url, body, webhookHeaders(channel.secret ?? '', id, body, this.clock.now()), signal);
  }

  /** A message that says only "this channel works"; webhooks get event `notification.test`. */
  sendTest(channel: ChannelTarget): Promise<PostResult> {
    const now = this.clock.now();
    if (channel.type === 'SLACK') return this.post(channel.url, JSON.stringify(buildSlackTestMessage(channel.name, now)), jsonHeaders);
    const id = randomUUID();
    const body = JSON.stringify({
      id,
      event: 'notification.test',
      occurred_at: now.toISOString(),
      channel: { id: channel.id, name: channel.name },
    });
    return this.post(channel.url, body, webhookHeaders(channel.secret ?? '', id, body, now));
  }

  private post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<PostResult> {
    const { deliveryTimeoutMs, allowPrivateWebhooks } = this.config.notifications;
    return postGuarded(url, body, headers, { timeoutMs: deliveryTimeoutMs, allowPrivate: allowPrivateWebhooks, signal });
  }
}

const jsonHeaders = { 'content-type': 'application/json', 'user-agent': 'incident-platform-webhooks/1' };
