import { scrubSecrets } from './log-redaction';

describe('scrubSecrets', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig', 'Authorization: Bearer [REDACTED]'],
    ['key ilm_AbC-12_x was revoked', 'key ilm_[REDACTED] was revoked'],
    ['{"email":"a@b.c","password":"hunter2hunter2"}', '{"email":"a@b.c","password":"[REDACTED]"}'],
    ['GET /events?token=abc&x=1', 'GET /events?token=[REDACTED]&x=1'],
    ['X-Api-Key: deadbeef', 'X-Api-Key: [REDACTED]'],
  ])('removes the credential from %j', (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('rule "5xx burst": 1 incident(s) opened')).toBe('rule "5xx burst": 1 incident(s) opened');
  });
});
