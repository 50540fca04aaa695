import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { AuditTrail } from '../audit';
import { pageOffset } from '../common/paging';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { NotificationChannel } from '../generated/prisma/client';
import type { ChannelType, DeliveryStatus } from '../generated/prisma/enums';
import { NOTIFIABLE_EVENT_TYPES, type IncidentEventType } from '../outbox';
import type { CreateNotificationChannelDto } from './dto/create-notification-channel.dto';
import type { NotificationChannelDto, NotificationChannelWithSecretDto, ChannelTestResultDto } from './dto/notification-channel.dto';
import { DEFAULT_DELIVERIES_PAGE_SIZE, type NotificationDeliveryPageDto } from './dto/notification-delivery.dto';
import type { UpdateNotificationChannelDto } from './dto/update-notification-channel.dto';
import { UndecryptableError } from './at-rest-cipher';
import { ChannelCredentials } from './channel-credentials';
import { DeliveriesRepository } from './deliveries.repository';
import { maskUrl } from './masked-url';
import { NotificationChannelsRepository } from './notification-channels.repository';
import { NotificationSender } from './notification-sender';
import { SmtpMailer } from './smtp-mailer';
import { isDelivered } from './safe-http';
import { checkDestinationUrl, fieldError } from './destination-check';

/** Types whose destination is a URL given by the user (SSRF-guarded). */
const URL_TYPES: ChannelType[] = ['SLACK', 'WEBHOOK', 'MS_TEAMS'];

/** The events PagerDuty has an action for (trigger, acknowledge, resolve). */
const PAGERDUTY_EVENT_TYPES: IncidentEventType[] = ['incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reopened'];

const generateSecret = () => `whsec_${randomBytes(24).toString('hex')}`;

/** `url`: the channel's URL in clear, masked here (undefined: it cannot be decrypted). */
function toDto(channel: NotificationChannel, url: string | undefined): NotificationChannelDto {
  return {
    id: channel.id,
    name: channel.name,
    type: channel.type,
    url: channel.type === 'EMAIL' || channel.type === 'PAGERDUTY' ? '' : maskUrl(url ?? ''),
    has_secret: channel.secret !== null,
    recipients: channel.recipients,
    events: channel.events,
    min_severity: channel.minSeverity,
    enabled: channel.enabled,
    consecutive_failures: channel.consecutiveFailures,
    paused_until: channel.pausedUntil?.toISOString() ?? null,
    created_at: channel.createdAt.toISOString(),
    updated_at: channel.updatedAt.toISOString(),
  };
}

@Injectable()
export class NotificationChannelsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: NotificationChannelsRepository,
    private readonly deliveryRecords: DeliveriesRepository,
    private readonly sender: NotificationSender,
    private readonly credentials: ChannelCredentials,
    private readonly audit: AuditTrail,
    private readonly mailer: SmtpMailer,
  ) {}

  async create(input: CreateNotificationChannelDto): Promise<NotificationChannelWithSecretDto> {
    this.checkFieldsForType(input.type, input);
    if (input.url !== undefined) await this.checkUrl(input.url);
    const events = input.events ?? (input.type === 'PAGERDUTY' ? PAGERDUTY_EVENT_TYPES : NOTIFIABLE_EVENT_TYPES);
    this.checkEventsForType(input.type, events);
    const generated = input.type === 'WEBHOOK' && !input.secret ? generateSecret() : undefined;
    // The id is chosen here: the encrypted values are bound to it.
    const id = randomUUID();
    const secret = input.type === 'WEBHOOK' ? (input.secret ?? generated!) : input.type === 'PAGERDUTY' ? input.routing_key! : null;
    const sealed = this.credentials.seal(id, { url: input.url ?? '', secret });
    const channel = await this.channels.create({
      id,
      name: input.name,
      type: input.type,
      url: sealed.url,
      secret: sealed.secret,
      recipients: input.recipients?.map((address) => address.toLowerCase()) ?? [],
      events,
      minSeverity: input.min_severity,
      enabled: input.enabled,
    });
    const after = toDto(channel, input.url);
    await this.audit.record({
      action: 'notification_channel.created',
      targetType: 'notification_channel',
      targetId: id,
      after: { ...after },
    });
    return { ...after, ...(generated ? { secret: generated } : {}) };
  }

  async list(): Promise<NotificationChannelDto[]> {
    const channels = await this.channels.list();
    return channels.map((channel) => toDto(channel, this.readableUrl(channel)));
  }

  async get(id: string): Promise<NotificationChannelDto> {
    const channel = await this.find(id);
    return toDto(channel, this.readableUrl(channel));
  }

  async update(id: string, input: UpdateNotificationChannelDto): Promise<NotificationChannelWithSecretDto> {
    const existing = await this.find(id);
    this.checkFieldsForType(existing.type, input, false);
    if (input.url !== undefined) await this.checkUrl(input.url);
    if (input.events !== undefined) this.checkEventsForType(existing.type, input.events);
    if (input.rotate_secret && existing.type !== 'WEBHOOK') throw fieldError('rotate_secret', 'is only for WEBHOOK channels');
    if (input.rotate_secret && input.secret) throw fieldError('rotate_secret', 'cannot be combined with secret');
    const generated = input.rotate_secret ? generateSecret() : undefined;
    const secret = generated ?? input.secret ?? input.routing_key;
    const channel = await this.channels.update(id, {
      name: input.name,
      url: input.url === undefined ? undefined : this.credentials.sealUrl(id, input.url),
      secret: secret === undefined ? undefined : this.credentials.sealSecret(id, secret),
      recipients: input.recipients?.map((address) => address.toLowerCase()),
      events: input.events,
      minSeverity: input.min_severity,
      enabled: input.enabled,
    });
    const after = toDto(channel, this.readableUrl(channel));
    await this.audit.record({
      action: 'notification_channel.updated',
      targetType: 'notification_channel',
      targetId: id,
      before: toDto(existing, this.readableUrl(existing)) as unknown as Record<string, unknown>,
      // The secret itself is masked like every secret; that it was replaced is what counts.
      after: { ...after, ...(secret !== undefined ? { secret: 'replaced' } : {}) },
    });
    return { ...after, ...(generated ? { secret: generated } : {}) };
  }

  /** Hard delete: the channel's delivery history goes with it (ON DELETE CASCADE). */
  async remove(id: string): Promise<void> {
    const existing = await this.find(id);
    if (!(await this.channels.delete(id))) throw this.notFound(id);
    await this.audit.record({
      action: 'notification_channel.deleted',
      targetType: 'notification_channel',
      targetId: id,
      before: toDto(existing, this.readableUrl(existing)) as unknown as Record<string, unknown>,
    });
  }

  async sendTest(id: string): Promise<ChannelTestResultDto> {
    const channel = await this.find(id);
    let opened;
    try {
      opened = this.credentials.open(channel);
    } catch (error) {
      if (!(error instanceof UndecryptableError)) throw error;
      return { delivered: false, status_code: null, error: `the channel's URL or secret cannot be decrypted: ${error.message}` };
    }
    const result = await this.sender.sendTest({ ...channel, ...opened });
    const delivered = isDelivered(result);
    return { delivered, status_code: result.statusCode ?? null, error: delivered ? null : (result.error ?? null) };
  }

  async deliveries(
    id: string,
    query: { page?: number; page_size?: number; status?: DeliveryStatus },
  ): Promise<NotificationDeliveryPageDto> {
    await this.find(id);
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_DELIVERIES_PAGE_SIZE;
    const { rows, total } = await this.deliveryRecords.listForChannel(id, query.status, pageOffset(page, pageSize), pageSize);
    return {
      items: rows.map((row) => ({
        id: row.id,
        event_id: row.eventId,
        event_type: row.event.type,
        incident_id: row.event.incidentId,
        status: row.status,
        attempts: row.attempts,
        last_status_code: row.lastStatusCode,
        last_error: row.lastError,
        next_attempt_at: row.status === 'PENDING' ? row.nextAttemptAt.toISOString() : null,
        delivered_at: row.deliveredAt?.toISOString() ?? null,
        created_at: row.createdAt.toISOString(),
        updated_at: row.updatedAt.toISOString(),
      })),
      page,
      page_size: pageSize,
      total,
    };
  }

  /** The webhook URL of a SLACK channel (for Slack member contact methods); null: no such SLACK channel. */
  async slackWebhook(id: string): Promise<{ id: string; url: string; enabled: boolean } | null> {
    const channel = await this.channels.findById(id);
    if (!channel || channel.type !== 'SLACK') return null;
    return { id: channel.id, url: this.credentials.open(channel).url, enabled: channel.enabled };
  }

  private readableUrl(channel: NotificationChannel): string | undefined {
    try {
      return this.credentials.open(channel).url;
    } catch (error) {
      if (error instanceof UndecryptableError) return undefined;
      throw error;
    }
  }

  private async find(id: string): Promise<NotificationChannel> {
    const channel = await this.channels.findById(id);
    if (!channel) throw this.notFound(id);
    return channel;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Notification channel ${id} not found`);
  }

  /**
   * Each type takes its own fields: a URL (SLACK, WEBHOOK, MS_TEAMS), recipients (EMAIL) or a
   * routing key (PAGERDUTY); a secret only signs WEBHOOK bodies. On creation the type's own
   * field is required; EMAIL needs the server's SMTP settings.
   */
  private checkFieldsForType(
    type: ChannelType,
    input: { url?: string; recipients?: string[]; routing_key?: string; secret?: string },
    creating = true,
  ): void {
    const own = { url: URL_TYPES.includes(type), recipients: type === 'EMAIL', routing_key: type === 'PAGERDUTY' };
    for (const field of ['url', 'recipients', 'routing_key'] as const) {
      if (input[field] !== undefined && !own[field]) throw fieldError(field, `is not used by ${type} channels`);
      if (creating && input[field] === undefined && own[field]) throw fieldError(field, `is required for ${type} channels`);
    }
    if (input.secret !== undefined && type !== 'WEBHOOK')
      throw fieldError('secret', 'is only for WEBHOOK channels (Slack and Teams URLs carry their own token)');
    if (creating && type === 'EMAIL' && !this.mailer.configured)
      throw fieldError('type', 'EMAIL needs the server to be configured for email (SMTP_HOST, SMTP_FROM)');
  }

  private checkEventsForType(type: ChannelType, events: string[]): void {
    if (type !== 'PAGERDUTY') return;
    const other = events.find((event) => !(PAGERDUTY_EVENT_TYPES as string[]).includes(event));
    if (other) throw fieldError('events', `of a PAGERDUTY channel must be among ${PAGERDUTY_EVENT_TYPES.join(', ')} (got ${other})`);
  }

  private checkUrl(raw: string): Promise<void> {
    return checkDestinationUrl(raw, this.config.notifications.allowPrivateWebhooks, 'url');
  }
}
