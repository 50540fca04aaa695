import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { UndecryptableError } from './at-rest-cipher';
import { ChannelCredentials } from './channel-credentials';
import { NotificationChannelsRepository } from './notification-channels.repository';

export interface RotationReport {
  /** Channels whose values were rewritten under ENCRYPTION_KEY (from clear text or the previous key). */
  rewritten: number;
  /** Channels under a key this instance does not have: their deliveries fail until it is configured. */
  undecryptable: number;
}

/**
 * At every boot, before the app serves: encrypts channel values still stored in clear (rows
 * of a version before encryption) and re-encrypts those under ENCRYPTION_KEY_PREVIOUS with
 * ENCRYPTION_KEY. Done in the app rather than in a SQL migration because only the app has
 * the key; idempotent and safe with several instances booting at once (compare-and-set).
 */
@Injectable()
export class ChannelCredentialsRotation implements OnModuleInit {
  private readonly logger = new Logger('Encryption');

  constructor(
    private readonly credentials: ChannelCredentials,
    private readonly repository: NotificationChannelsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.run();
    } catch (error) {
      // Not fatal: values are still read as stored; the next boot tries again.
      this.logger.warn(`channel credentials not re-encrypted at start: ${(error as Error).message}`);
    }
  }

  async run(): Promise<RotationReport> {
    const report: RotationReport = { rewritten: 0, undecryptable: 0 };
    const missingKeys = new Set<string>();
    for (const stored of await this.repository.listStoredCredentials()) {
      if (!this.credentials.isStale(stored.url) && !this.credentials.isStale(stored.secret)) continue;
      try {
        const sealed = this.credentials.seal(stored.id, this.credentials.open(stored));
        if (await this.repository.replaceCredentials(stored, sealed)) report.rewritten += 1;
      } catch (error) {
        if (!(error instanceof UndecryptableError)) throw error;
        report.undecryptable += 1;
        missingKeys.add(this.credentials.cipher.keyIdOf(stored.url) ?? 'unknown');
      }
    }
    if (report.rewritten)
      this.logger.log(`${report.rewritten} notification channel(s) re-encrypted under key ${this.credentials.cipher.currentKeyId}`);
    if (report.undecryptable) {
      this.logger.error(
        `${report.undecryptable} notification channel(s) cannot be decrypted (key ${[...missingKeys].join(', ')}): ` +
          'their deliveries fail until that key is set as ENCRYPTION_KEY or ENCRYPTION_KEY_PREVIOUS',
      );
    }
    return report;
  }
}
