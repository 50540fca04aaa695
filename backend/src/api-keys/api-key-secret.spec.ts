import { createHash } from 'node:crypto';
import { API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-key-secret';

describe('API key secrets', () => {
  it('carries at least 32 random bytes after a recognisable prefix', () => {
    const { key } = generateApiKey();
    expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url').length).toBeGreaterThanOrEqual(32);
  });

  it('never generates the same key twice', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey().key));
    expect(keys.size).toBe(1000);
  });

  it('shows only a short prefix and stores the SHA-256 of the whole key', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThanOrEqual(10);
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hashApiKey(key)).toBe(hash);
  });
});
