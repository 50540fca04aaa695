import { REVOKED_TOKEN, tokenRefusal, UNKNOWN_OR_DEACTIVATED, type TokenSubject } from './token-subject';

describe('tokenRefusal', () => {
  const user = (changes: Partial<TokenSubject> = {}): TokenSubject => ({
    id: 'u1',
    email: 'a@example.test',
    role: 'VIEWER',
    active: true,
    tokenVersion: 0,
    ...changes,
  });

  it('accepts a token carrying the current version of an active user', () => {
    expect(tokenRefusal({ ver: 3 }, user({ tokenVersion: 3 }))).toBeUndefined();
  });

  it('refuses a token issued before the version was bumped (password changed, account deactivated)', () => {
    expect(tokenRefusal({ ver: 2 }, user({ tokenVersion: 3 }))).toBe(REVOKED_TOKEN);
  });

  it('counts a token without `ver` (issued before versions existed) as version 0', () => {
    expect(tokenRefusal({}, user())).toBeUndefined();
    expect(tokenRefusal({}, user({ tokenVersion: 1 }))).toBe(REVOKED_TOKEN);
  });

  it('refuses a `ver` that is not the same number, whatever its type', () => {
    expect(tokenRefusal({ ver: '0' }, user())).toBe(REVOKED_TOKEN);
    expect(tokenRefusal({ ver: null }, user())).toBe(REVOKED_TOKEN);
    expect(tokenRefusal({ ver: 4 }, user({ tokenVersion: 3 }))).toBe(REVOKED_TOKEN);
  });

  it('refuses unknown and deactivated users before looking at the version', () => {
    expect(tokenRefusal({ ver: 0 }, null)).toBe(UNKNOWN_OR_DEACTIVATED);
    expect(tokenRefusal({ ver: 0 }, user({ active: false }))).toBe(UNKNOWN_OR_DEACTIVATED);
  });
});
