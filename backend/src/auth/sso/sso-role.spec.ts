import { roleFromClaims } from './sso-role';

const settings = {
  roleClaim: 'groups',
  roleMap: [
    { value: 'sre', role: 'RESPONDER' as const },
    { value: 'platform-admins', role: 'ADMIN' as const },
  ],
  defaultRole: 'VIEWER' as const,
};

describe('roleFromClaims', () => {
  it('takes the highest mapped role among the groups', () => {
    expect(roleFromClaims({ groups: ['sre', 'platform-admins'] }, settings)).toBe('ADMIN');
    expect(roleFromClaims({ groups: ['sre', 'marketing'] }, settings)).toBe('RESPONDER');
  });

  it('accepts a single string claim', () => {
    expect(roleFromClaims({ groups: 'sre' }, settings)).toBe('RESPONDER');
  });

  it('falls back to the default without a match, a claim, or with a claim of another type', () => {
    expect(roleFromClaims({ groups: ['marketing'] }, settings)).toBe('VIEWER');
    expect(roleFromClaims({}, settings)).toBe('VIEWER');
    expect(roleFromClaims({ groups: { sre: true } }, settings)).toBe('VIEWER');
  });
});
