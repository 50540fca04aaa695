import { AuditTrail } from '../audit';
import { BadRequestException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ContactMethod } from '../generated/prisma/client';
import {
  ChannelCredentials,
  checkDestinationUrl,
  isDelivered,
  NotificationChannelsService,
  NotificationSender,
  SmtpMailer,
  type ContactNotice,
  type OpenedContact,
} from '../notifications';
import { ContactMethodsRepository } from './contact-methods.repository';
import type { CreateContactMethodDto } from './dto/create-contact-method.dto';
import type { ContactMethodDto, ContactMethodTestResultDto, ContactMethodWithVerificationDto } from './dto/contact-method.dto';
import {
  CODE_TTL_MS,
  hashVerificationCode,
  MAX_CODE_ATTEMPTS,
  newVerificationCode,
  RESEND_INTERVAL_MS,
  verificationCodeMatches,
} from './verification-code';

/** Enough for every phone, inbox and hook a person has; bounds what one account can fan a page out to. */
export const MAX_CONTACT_METHODS_PER_USER = 20;
/** Slack member ids: U (or W for Enterprise Grid) and upper-case letters and digits. */
const SLACK_MEMBER_ID = /^[UW][A-Z0-9]{2,20}$/;

const fieldError = (field: string, message: string) =>
  new BadRequestException({ message: `Invalid request: ${field} ${message}`, details: [{ field, errors: [`${field} ${message}`] }] });

/**
 * A person's contact methods: how escalation pages reach them. A method is used only once
 * verified: a code goes out through the medium itself and comes back through the API.
 */
@Injectable()
export class ContactMethodsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly methods: ContactMethodsRepository,
    private readonly sender: NotificationSender,
    private readonly channels: NotificationChannelsService,
    private readonly credentials: ChannelCredentials,
    private readonly mailer: SmtpMailer,
    private readonly audit: AuditTrail,
  ) {}

  async list(userId: string): Promise<ContactMethodDto[]> {
    return (await this.methods.listForUser(userId)).map((method) => this.toDto(method));
  }

  async create(userId: string, input: CreateContactMethodDto): Promise<ContactMethodWithVerificationDto> {
    const address = await this.checkAddress(input);
    if ((await this.methods.countForUser(userId)) >= MAX_CONTACT_METHODS_PER_USER) {
      throw new HttpException(
        { message: `A user has at most ${MAX_CONTACT_METHODS_PER_USER} contact methods: remove one first` },
        HttpStatus.CONFLICT,
      );
    }
    // The id is chosen here: a sealed address is bound to it.
    const id = randomUUID();
    const method = await this.methods.create({
      id,
      userId,
      type: input.type,
      label: input.label,
      address: input.type === 'WEBHOOK' ? this.credentials.sealContactAddress(id, address) : address,
      slackChannelId: input.slack_channel_id ?? null,
    });
    await this.audit.record({
      action: 'contact_method.added',
      targetType: 'contact_method',
      targetId: id,
      after: { user_id: userId, type: input.type, label: input.label },
    });
    return this.sendCode(method);
  }

  /** A new code (the previous one stops working), at most every RESEND_INTERVAL_MS. */
  async resendCode(userId: string, id: string): Promise<ContactMethodWithVerificationDto> {
    const method = await this.find(userId, id);
    if (method.verifiedAt) throw new HttpException({ message: 'This contact method is already verified' }, HttpStatus.CONFLICT);
    const issuedAt = method.verificationExpiresAt ? method.verificationExpiresAt.getTime() - CODE_TTL_MS : 0;
    if (this.clock.now().getTime() - issuedAt < RESEND_INTERVAL_MS) {
      throw new HttpException({ message: `A code was sent less than ${RESEND_INTERVAL_MS / 1000} s ago: wait before asking again` }, 429);
    }
    return this.sendCode(method);
  }

  async verify(userId: string, id: string, code: string): Promise<ContactMethodDto> {
    const method = await this.find(userId, id);
    if (method.verifiedAt) return this.toDto(method);
    const pending = await this.methods.takeAttempt(id, MAX_CODE_ATTEMPTS);
    if (!pending) throw fieldError('code', `was wrong ${MAX_CODE_ATTEMPTS} times: ask for a new code`);
    if (!pending.codeHash || !pending.expiresAt || pending.expiresAt <= this.clock.now()) {
      throw fieldError('code', 'has expired: ask for a new code');
    }
    if (!verificationCodeMatches(this.config.encryption.key, id, code.trim(), pending.codeHash))
      throw fieldError('code', 'is not the code that was sent');
    const verified = this.toDto(await this.methods.markVerified(id, this.clock.now()));
    await this.audit.record({ action: 'contact_method.verified', targetType: 'contact_method', targetId: id, after: { user_id: userId } });
    return verified;
  }

  async sendTest(userId: string, id: string): Promise<ContactMethodTestResultDto> {
    const method = await this.find(userId, id);
    const result = await this.deliver(method, { kind: 'test', label: method.label });
    const delivered = isDelivered(result);
    return { delivered, status_code: result.statusCode ?? null, error: delivered ? null : (result.error ?? null) };
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.methods.delete(userId, id))) throw this.notFound(id);
    await this.audit.record({ action: 'contact_method.removed', targetType: 'contact_method', targetId: id, before: { user_id: userId } });
  }

  private async sendCode(method: ContactMethod): Promise<ContactMethodWithVerificationDto> {
    const code = newVerificationCode();
    const expiresAt = new Date(this.clock.now().getTime() + CODE_TTL_MS);
    const stored = await this.methods.setCode(method.id, hashVerificationCode(this.config.encryption.key, method.id, code), expiresAt);
    const result = await this.deliver(stored, { kind: 'verification', code, label: method.label });
    const sent = isDelivered(result);
    return { ...this.toDto(stored), verification: { sent, error: sent ? null : (result.error ?? `status ${result.statusCode}`) } };
  }

  private async deliver(method: ContactMethod, notice: ContactNotice) {
    const opened = await this.open(method);
    if ('error' in opened) return { error: opened.error };
    return this.sender.sendContactNotice({ id: method.id, ...opened }, notice);
  }

  private async open(method: ContactMethod): Promise<OpenedContact | { error: string }> {
    if (method.type === 'WEBHOOK') {
      try {
        return { type: method.type, address: this.credentials.openContactAddress(method.id, method.address) };
      } catch (error) {
        return { error: `its URL cannot be decrypted: ${(error as Error).message}` };
      }
    }
    if (method.type === 'EMAIL') return { type: method.type, address: method.address };
    const slack = method.slackChannelId ? await this.channels.slackWebhook(method.slackChannelId) : null;
    if (!slack) return { error: 'its Slack channel no longer exists' };
    return { type: method.type, address: method.address, slackUrl: slack.url };
  }

  /** The address in the form it is stored and used in, or a 400 naming the field. */
  private async checkAddress(input: CreateContactMethodDto): Promise<string> {
    if (input.slack_channel_id !== undefined && input.type !== 'SLACK_MEMBER')
      throw fieldError('slack_channel_id', 'is only for SLACK_MEMBER');
    const address = input.address.trim();
    switch (input.type) {
      case 'EMAIL':
        if (!isEmail(address)) throw fieldError('address', 'must be an email address');
        if (!this.mailer.configured) throw fieldError('type', 'EMAIL needs the server to be configured for email (SMTP_HOST, SMTP_FROM)');
        return address.toLowerCase();
      case 'SLACK_MEMBER': {
        if (!SLACK_MEMBER_ID.test(address)) throw fieldError('address', 'must be a Slack member id such as U0123ABCD');
        if (input.slack_channel_id === undefined) throw fieldError('slack_channel_id', 'is required for SLACK_MEMBER');
        if (!(await this.channels.slackWebhook(input.slack_channel_id)))
          throw fieldError('slack_channel_id', 'is not a SLACK notification channel');
        return address;
      }
      case 'WEBHOOK':
        await checkDestinationUrl(address, this.config.notifications.allowPrivateWebhooks, 'address');
        return address;
    }
  }

  private async find(userId: string, id: string): Promise<ContactMethod> {
    const method = await this.methods.findForUser(userId, id);
    if (!method) throw this.notFound(id);
    return method;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`Contact method ${id} not found`);
  }

  private toDto(method: ContactMethod): ContactMethodDto {
    return {
      id: method.id,
      user_id: method.userId,
      type: method.type,
      label: method.label,
      address: method.type === 'WEBHOOK' ? maskedWebhook(this.credentials, method) : method.address,
      slack_channel_id: method.slackChannelId,
      verified: method.verifiedAt !== null,
      verified_at: method.verifiedAt?.toISOString() ?? null,
      created_at: method.createdAt.toISOString(),
    };
  }
}

function maskedWebhook(credentials: ChannelCredentials, method: ContactMethod): string {
  try {
    const url = new URL(credentials.openContactAddress(method.id, method.address));
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return '…';
  }
}
