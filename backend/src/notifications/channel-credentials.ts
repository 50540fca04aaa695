import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AtRestCipher, isEncrypted } from './at-rest-cipher';

export interface StoredCredentials {
  id: string;
  url: string;
  secret: string | null;
}

/**
 * A channel's URL and secret as stored: encrypted with ENCRYPTION_KEY (a Slack or Teams URL
 * is itself a credential, the secret signs webhook bodies), each bound to its column and
 * channel id. Values stored in clear by a version before encryption are read as they are
 * until the boot pass (ChannelCredentialsRotation) encrypts them.
 */
@Injectable()
export class ChannelCredentials {
  readonly cipher: AtRestCipher;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.cipher = new AtRestCipher(config.encryption.key, config.encryption.previousKey);
  }

  seal(channelId: string, values: { url: string; secret: string | null }): { url: string; secret: string | null } {
    return {
      url: this.cipher.encrypt(values.url, urlContext(channelId)),
      secret: values.secret === null ? null : this.cipher.encrypt(values.secret, secretContext(channelId)),
    };
  }

  sealUrl(channelId: string, url: string): string {
    return this.cipher.encrypt(url, urlContext(channelId));
  }

  sealSecret(channelId: string, secret: string): string {
    return this.cipher.encrypt(secret, secretContext(channelId));
  }

  /** The values in clear; throws UndecryptableError when a key is missing or a value was tampered with. */
  open(stored: StoredCredentials): { url: string; secret: string | null } {
    return {
      url: this.openValue(stored.url, urlContext(stored.id)),
      secret: stored.secret === null ? null : this.openValue(stored.secret, secretContext(stored.id)),
    };
  }

  /** A personal webhook URL of a contact method: a credential like a channel's URL, bound to the method's id. */
  sealContactAddress(contactMethodId: string, url: string): string {
    return this.cipher.encrypt(url, contactAddressContext(contactMethodId));
  }

  openContactAddress(contactMethodId: string, stored: string): string {
    return this.openValue(stored, contactAddressContext(contactMethodId));
  }

  /** Stored in clear, or under the previous key: the boot pass rewrites it. */
  isStale(value: string | null): boolean {
    return value !== null && this.cipher.keyIdOf(value) !== this.cipher.currentKeyId;
  }

  private openValue(value: string, context: string): string {
    return isEncrypted(value) ? this.cipher.decrypt(value, context) : value;
  }
}

const urlContext = (channelId: string) => `notification_channels.url:${channelId}`;
const secretContext = (channelId: string) => `notification_channels.secret:${channelId}`;
const contactAddressContext = (contactMethodId: string) => `contact_methods.address:${contactMethodId}`;
