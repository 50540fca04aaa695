import { MASK, maskSecrets } from './audit-entry';

describe('maskSecrets', () => {
  it('masks secret fields at any depth and keeps the rest', () => {
    const input = {
      email: 'a@example.com',
      password: 'hunter2hunter2',
      channel: { name: 'ops', url: 'https://hooks.slack.com/services/T/B/x', secret: 's', events: ['incident.opened'] },
      keys: [{ name: 'k', key_hash: 'abc', token: 't' }],
      routingKey: 'R0123',
      verificationCode: '123456',
    };
    expect(maskSecrets(input)).toEqual({
      email: 'a@example.com',
      password: MASK,
      channel: { name: 'ops', url: MASK, secret: MASK, events: ['incident.opened'] },
      keys: [{ name: 'k', key_hash: MASK, token: MASK }],
      routingKey: MASK,
      verificationCode: MASK,
    });
  });

  it('keeps flags and other values whose name merely contains a secret word', () => {
    expect(maskSecrets({ local_passwords: false, has_secret: true, passwords_reset: 2, token_version: 3 })).toEqual({
      local_passwords: false,
      has_secret: true,
      passwords_reset: 2,
      token_version: 3,
    });
  });

  it('leaves an absent secret absent, so "no secret" and "a secret" stay distinguishable', () => {
    expect(maskSecrets({ secret: null, url: undefined })).toEqual({ secret: null, url: undefined });
  });

  it('writes dates as ISO strings', () => {
    expect(maskSecrets({ expires_at: new Date('2026-01-01T00:00:00Z') })).toEqual({ expires_at: '2026-01-01T00:00:00.000Z' });
  });
});
