import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What every encrypted value starts with; the format version is part of it. */
export const ENCRYPTED_PREFIX = 'enc:v1:';

const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed for the format: the same ENCRYPTION_KEY must give the same key on every instance.
const HKDF_SALT = 'incident-platform/at-rest/v1';

export class UndecryptableError extends Error {}

interface DerivedKey {
  id: string;
  key: Buffer;
}

/**
 * The key behind one ENCRYPTION_KEY value: an AES-256 key and a short id, both derived with
 * HKDF-SHA256, so that any string of 32+ characters will do and the id (stored in clear in
 * every value) tells nothing about the key.
 */
function deriveKey(secret: string): DerivedKey {
  const derive = (info: string, length: number) => Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, info, length));
  return { id: derive('key id', 6).toString('base64url'), key: derive('aes-256-gcm', 32) };
}

/**
 * AES-256-GCM for values stored in the database: `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`.
 * A value is bound to where it is stored (`context`, e.g. the column and row id) as
 * additional authenticated data: copied to another row or column, it no longer decrypts.
 * Values under the previous key are still read, which is what makes rotation possible.
 */
export class AtRestCipher {
  private readonly current: DerivedKey;
  private readonly keys: Map<string, DerivedKey>;

  constructor(currentSecret: string, previousSecret?: string) {
    this.current = deriveKey(currentSecret);
    const previous = previousSecret === undefined ? [] : [deriveKey(previousSecret)];
    this.keys = new Map([this.current, ...previous].map((key) => [key.id, key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv).setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${ENCRYPTED_PREFIX}${this.current.id}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url')}`;
  }

  /** The plaintext; throws UndecryptableError (naming the key id, never the value) when it cannot. */
  decrypt(stored: string, context: string): string {
    const parsed = parse(stored);
    if (!parsed) throw new UndecryptableError('not an encrypted value');
    const key = this.keys.get(parsed.keyId);
    if (!key)
      throw new UndecryptableError(`encrypted with key ${parsed.keyId}, which is neither ENCRYPTION_KEY nor ENCRYPTION_KEY_PREVIOUS`);
    if (parsed.blob.length < IV_BYTES + TAG_BYTES) throw new UndecryptableError('truncated value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, parsed.blob.subarray(0, IV_BYTES)).setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(parsed.blob.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(parsed.blob.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new UndecryptableError(`value under key ${parsed.keyId} fails authentication (altered, or moved from another row)`);
    }
  }

  /** The key id a stored value names, or undefined for a value stored in clear. */
  keyIdOf(stored: string): string | undefined {
    return parse(stored)?.keyId;
  }
}

export const isEncrypted = (stored: string): boolean => stored.startsWith(ENCRYPTED_PREFIX);

function parse(stored: string): { keyId: string; blob: Buffer } | undefined {
  if (!isEncrypted(stored)) return undefined;
  const rest = stored.slice(ENCRYPTED_PREFIX.length);
  const colon = rest.indexOf(':');
  if (colon <= 0) return undefined;
  return { keyId: rest.slice(0, colon), blob: Buffer.from(rest.slice(colon + 1), 'base64url') };
}
