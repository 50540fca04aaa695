import { redact } from './redaction';

describe('redaction', () => {
  it.each([
    ['Mail to jane.doe+ops@example.co.uk bounced', 'Mail to [EMAIL] bounced'],
    ['Upstream 10.20.30.40:8080 refused', 'Upstream [IP]:8080 refused'],
    ['client fe80::1ff:fe23:4567:890a and 2001:db8::1 dropped', 'client [IP] and [IP] dropped'],
    ['sent Authorization: Bearer abcdef123456.xyz', 'sent Authorization: [REDACTED] [TOKEN]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U expired', 'token [JWT] expired'],
    ['key ilm_Qm9ndXNLZXlGb3JUZXN0aW5nT25seQ rejected', 'key [API_KEY] rejected'],
    ['openai sk-proj-abcdefghijklmnop1234 failed', 'openai [API_KEY] failed'],
    ['login password=hunter2 user=bob', 'login password=[REDACTED] user=bob'],
    ['db_password=s3cr3t&secret=xyz', 'db_password=[REDACTED]&secret=[REDACTED]'],
    ['{"api_key": "abc123", "token":"t0k3n"}', '{"api_key": [REDACTED], "token":[REDACTED]}'],
    ['X-Api-Key: deadbeefcafe', 'X-Api-Key: [REDACTED]'],
    ['card 4111 1111 1111 1111 declined', 'card [CARD] declined'],
    ['card 4111-1111-1111-1111 declined', 'card [CARD] declined'],
    ['pan 4111111111111111', 'pan [CARD]'],
  ])('redacts %j', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary log text, placeholders, times and small numbers alone', () => {
    const text = 'Payment gateway timeout after <DURATION> for tx_<NUM> at 10:00:00, 3 retries, max_tokens=200, tokens used 42';
    expect(redact(text)).toBe(text);
  });

  it('is idempotent', () => {
    const once = redact('user bob@example.com from 10.0.0.1 password=x');
    expect(redact(once)).toBe(once);
  });
});
