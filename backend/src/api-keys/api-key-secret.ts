import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in logs, config files and secret scanners. */
export const API_KEY_PREFIX = 'ilm_';

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

/**
 * SHA-256, not bcrypt: the key holds 256 random bits, so there is nothing to brute-force,
 * and the ingest path verifies it on every request.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
