import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ChannelType, ContactMethodType } from '../generated/prisma/enums';
import type { IncidentEventPayload } from '../outbox';
import { postGuarded, type PostResult } from './safe-http';
import { buildEmailMessage, buildEmailTestMessage } from './email-message';
import { buildPagerDutyEvent, buildPagerDutyTestEvent, pagerDutyAction } from './pagerduty-event';
import { type ContactNotice, noticeEmail, noticeLine, noticeWebhookBody } from './contact-notices';
import { buildSlackMessage, buildSlackTestMessage, escapeMrkdwn, withMention } from './slack-message';
import { SmtpMailer } from './smtp-mailer';
import { buildTeamsMessage, buildTeamsTestMessage } from './teams-message';
import { webhookHeaders } from './webhook-signature';

/** A contact method with its address in clear (and its Slack channel's webhook URL for SLACK_MEMBER). */
export interface OpenedContact {
  type: ContactMethodType;
  address: string;
  slackUrl?: string;
}

export interface ChannelTarget {
  id: string;
  name: string;
  type: ChannelType;
  url: string;
  secret: string | null;
  /** EMAIL: where it goes. */
  recipients: string[];
}

/** Turns an event into what a channel expects (Slack Block Kit, a Teams Adaptive Card, a PagerDuty event, an email, a signed webhook) and sends it. */
@Injectable()
export class NotificationSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly mailer: SmtpMailer,
  ) {}

  incidentUrl(incidentId: string): string {
    const base = (this.config.publicUrl ?? `http://localhost:${this.config.port}`).replace(/\/+$/, '');
    return `${base}/incidents/${incidentId}`;
  }

  sendEvent(channel: ChannelTarget, payload: IncidentEventPayload, signal?: AbortSignal): Promise<PostResult> {
    const link = this.incidentUrl(payload.incident.id);
    switch (channel.type) {
      case 'SLACK':
        return this.post(channel.url, JSON.stringify(buildSlackMessage(payload, link)), jsonHeaders, signal);
      case 'MS_TEAMS':
        return this.post(channel.url, JSON.stringify(buildTeamsMessage(payload, link)), jsonHeaders, signal);
      case 'EMAIL':
        return this.mailer.send(channel.recipients, buildEmailMessage(payload, link));
      case 'PAGERDUTY': {
        const action = pagerDutyAction(payload.event);
        if (!action) return Promise.resolve({ error: `${payload.event} has no PagerDuty action`, refused: true });
        return this.postToPagerDuty(buildPagerDutyEvent(payload, channel.secret ?? '', action, link), signal);
      }
      case 'WEBHOOK':
        return this.sendWebhook(channel.url, channel.secret, payload, signal);
    }
  }

  /** The event as a webhook receiver gets it, signed when there is a secret. */
  sendWebhook(url: string, secret: string | null, payload: IncidentEventPayload, signal?: AbortSignal): Promise<PostResult> {
    // jsonb does not keep key order: put the documented order back for humans reading bodies.
    const { id, event, occurred_at, incident, data } = payload;
    const body = JSON.stringify({ id, event, occurred_at, incident, ...(data === undefined ? {} : { data }) });
    const headers = secret === null ? { ...jsonHeaders, 'x-event-id': id } : webhookHeaders(secret, id, body, this.clock.now());
    return this.post(url, body, headers, signal);
  }

  /**
   * A page (or its test) to one person: an email, a Slack message that mentions the member
   * through a SLACK channel's webhook, or their own webhook (unsigned: it has no secret).
   */
  sendToContact(contact: OpenedContact, payload: IncidentEventPayload, signal?: AbortSignal): Promise<PostResult> {
    const link = this.incidentUrl(payload.incident.id);
    switch (contact.type) {
      case 'EMAIL':
        return this.mailer.send([contact.address], buildEmailMessage(payload, link));
      case 'SLACK_MEMBER':
        return this.post(
          contact.slackUrl ?? '',
          JSON.stringify(withMention(buildSlackMessage(payload, link), contact.address)),
          jsonHeaders,
          signal,
        );
      case 'WEBHOOK':
        return this.sendWebhook(contact.address, null, payload, signal);
    }
  }

  /** A contact method's verification code, or a test, through its own medium. */
  sendContactNotice(contact: OpenedContact & { id: string }, notice: ContactNotice): Promise<PostResult> {
    switch (contact.type) {
      case 'EMAIL':
        return this.mailer.send([contact.address], noticeEmail(notice));
      case 'SLACK_MEMBER':
        return this.post(
          contact.slackUrl ?? '',
          JSON.stringify({ text: `<@${contact.address}> ${escapeMrkdwn(noticeLine(notice))}` }),
          jsonHeaders,
        );
      case 'WEBHOOK': {
        const id = randomUUID();
        return this.post(contact.address, noticeWebhookBody(notice, id, contact.id, this.clock.now()), {
          ...jsonHeaders,
          'x-event-id': id,
        });
      }
    }
  }

  /** A message that says only "this channel works"; webhooks get event `notification.test`. */
  sendTest(channel: ChannelTarget): Promise<PostResult> {
    const now = this.clock.now();
    const id = randomUUID();
    switch (channel.type) {
      case 'SLACK':
        return this.post(channel.url, JSON.stringify(buildSlackTestMessage(channel.name, now)), jsonHeaders);
      case 'MS_TEAMS':
        return this.post(channel.url, JSON.stringify(buildTeamsTestMessage(channel.name, now)), jsonHeaders);
      case 'EMAIL':
        return this.mailer.send(channel.recipients, buildEmailTestMessage(channel.name, now));
      case 'PAGERDUTY':
        return this.postToPagerDuty(buildPagerDutyTestEvent(channel.secret ?? '', channel.name, now, `test-${id}`));
      case 'WEBHOOK':
        break;
    }
    const body = JSON.stringify({
      id,
      event: 'notification.test',
      occurred_at: now.toISOString(),
      channel: { id: channel.id, name: channel.name },
    });
    return this.post(channel.url, body, webhookHeaders(channel.secret ?? '', id, body, now));
  }

  /** The PagerDuty endpoint is the operator's setting, not a user's URL: trusted like SMTP_HOST. */
  private postToPagerDuty(event: Record<string, unknown>, signal?: AbortSignal): Promise<PostResult> {
    const { deliveryTimeoutMs, pagerDutyEventsUrl } = this.config.notifications;
    return postGuarded(pagerDutyEventsUrl, JSON.stringify(event), jsonHeaders, {
      timeoutMs: deliveryTimeoutMs,
      allowPrivate: true,
      signal,
    });
  }

  private post(url: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<PostResult> {
    const { deliveryTimeoutMs, allowPrivateWebhooks } = this.config.notifications;
    return postGuarded(url, body, headers, { timeoutMs: deliveryTimeoutMs, allowPrivate: allowPrivateWebhooks, signal });
  }
}

const jsonHeaders = { 'content-type': 'application/json', 'user-agent': 'incident-platform-webhooks/1' };
