import { hashVerificationCode, newVerificationCode, verificationCodeMatches } from './verification-code';

const KEY = 'k'.repeat(16) + 'abcdefghijklmnop';

describe('contact method verification codes', () => {
  it('are six digits, leading zeros kept', () => {
    for (let i = 0; i < 200; i++) expect(newVerificationCode()).toMatch(/^\d{6}$/);
  });

  it('match only the same code for the same method under the same key', () => {
    const stored = hashVerificationCode(KEY, 'method-1', '012345');
    expect(stored).not.toContain('012345');
    expect(verificationCodeMatches(KEY, 'method-1', '012345', stored)).toBe(true);
    expect(verificationCodeMatches(KEY, 'method-1', '012346', stored)).toBe(false);
    expect(verificationCodeMatches(KEY, 'method-2', '012345', stored)).toBe(false);
    expect(verificationCodeMatches(KEY + 'x', 'method-1', '012345', stored)).toBe(false);
  });
});
