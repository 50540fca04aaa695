import { scrubSecrets } from './log-redaction';

describe('scrubSecrets', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig', 'Authorization: Bearer [REDACTED]'],
    ['key ilm_AbC-12_x was revoked', 'key ilm_[REDACTED] was revoked'],
    ['{"email":"a@b.c","password":"hunter2hunter2"}', '{"email":"a@b.c","password":"[REDACTED]"}'],
    ['GET /events?token=abc&x=1', 'GET /events?token=[REDACTED]&x=1'],
    ['X-Api-Key: deadbeef', 'X-Api-Key: [REDACTED]'],
    ['{"newPassword": "a \\"quoted\\" one", "x": 1}', '{"newPassword": "[REDACTED]", "x": 1}'],
    ['/reset?api_key=k1&Token=t2', '/reset?api_key=[REDACTED]&Token=[REDACTED]'],
  ])('removes the credential from %j', (text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it("leaves ordinary text alone, and the first admin's one-time password banner readable", () => {
    expect(scrubSecrets('rule "5xx burst": 1 incident(s) opened')).toBe('rule "5xx burst": 1 incident(s) opened');
    expect(scrubSecrets('|   password: Zx81_random |')).toBe('|   password: Zx81_random |');
  });
});
