import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { EmailMessage } from './email-message';
import type { PostResult } from './safe-http';

/**
 * Sends email through the operator's SMTP server (SMTP_* settings), trusted like the
 * database: not SSRF-guarded. One pooled transport per instance. The outcome reads like an
 * HTTP delivery's so the same retry policy applies: accepted (250), refused for good (5xx:
 * a bad recipient does not get better), or undefined status (network error, 4xx "try later")
 * and retried.
 */
@Injectable()
export class SmtpMailer implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.notifications.smtp.host !== undefined;
  }

  async send(to: string[], message: EmailMessage): Promise<PostResult> {
    if (!this.configured) return { error: 'email is not configured on this server (SMTP_HOST)', refused: true };
    try {
      const info = await this.transporter().sendMail({ from: this.config.notifications.smtp.from, to, ...message });
      const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1] ?? 250);
      return { statusCode: code, accepted: true };
    } catch (error) {
      const { responseCode, message } = error as { responseCode?: number; message: string };
      // Never the password: nodemailer's messages name the command and the server's reply only.
      if (responseCode !== undefined && responseCode >= 500) return { statusCode: responseCode, error: `SMTP ${message}`, refused: true };
      return { error: `SMTP ${message}` };
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private transporter(): Transporter {
    if (this.transport) return this.transport;
    const { host, port, tls, user, password } = this.config.notifications.smtp;
    const timeoutMs = this.config.notifications.deliveryTimeoutMs;
    this.transport = createTransport({
      pool: true,
      host,
      port,
      secure: tls === 'tls',
      requireTLS: tls === 'starttls',
      ignoreTLS: tls === 'none',
      auth: user === undefined ? undefined : { user, pass: password },
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
    });
    return this.transport;
  }
}
