import { AtRestCipher, ENCRYPTED_PREFIX, UndecryptableError } from './at-rest-cipher';

const KEY_A = 'a'.repeat(16) + 'first-key-0123456789';
const KEY_B = 'b'.repeat(16) + 'second-key-0123456789';
const URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX';

describe('AtRestCipher', () => {
  const cipher = new AtRestCipher(KEY_A);

  it('round-trips a value, and never stores it in clear or twice the same', () => {
    const first = cipher.encrypt(URL, 'channel.url:1');
    const second = cipher.encrypt(URL, 'channel.url:1');
    expect(first.startsWith(`${ENCRYPTED_PREFIX}${cipher.currentKeyId}:`)).toBe(true);
    expect(first).not.toContain('XXXXXXXX');
    expect(first).not.toBe(second);
    expect(cipher.decrypt(first, 'channel.url:1')).toBe(URL);
  });

  it('derives the same key id from the same secret on every instance, and different ones from different secrets', () => {
    expect(new AtRestCipher(KEY_A).currentKeyId).toBe(cipher.currentKeyId);
    expect(new AtRestCipher(KEY_B).currentKeyId).not.toBe(cipher.currentKeyId);
    expect(cipher.currentKeyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('refuses a value moved to another row or column, or altered', () => {
    const stored = cipher.encrypt(URL, 'channel.url:1');
    expect(() => cipher.decrypt(stored, 'channel.url:2')).toThrow(UndecryptableError);
    expect(() => cipher.decrypt(stored, 'channel.secret:1')).toThrow(/fails authentication/);
    const altered = stored.slice(0, -2) + (stored.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.decrypt(altered, 'channel.url:1')).toThrow(UndecryptableError);
  });

  it('reads values under the previous key while writing under the new one (rotation)', () => {
    const old = cipher.encrypt(URL, 'ctx');
    const rotated = new AtRestCipher(KEY_B, KEY_A);
    expect(rotated.decrypt(old, 'ctx')).toBe(URL);
    expect(rotated.keyIdOf(old)).toBe(cipher.currentKeyId);
    expect(rotated.keyIdOf(rotated.encrypt(URL, 'ctx'))).toBe(rotated.currentKeyId);
  });

  it('names the missing key (not the value) when a value is under a key it does not have', () => {
    const under = new AtRestCipher(KEY_B).encrypt(URL, 'ctx');
    expect(() => cipher.decrypt(under, 'ctx')).toThrow(new RegExp(`key ${new AtRestCipher(KEY_B).currentKeyId}, which is neither`));
    expect(() => cipher.decrypt(URL, 'ctx')).toThrow(/not an encrypted value/);
    expect(cipher.keyIdOf(URL)).toBeUndefined();
  });
});
