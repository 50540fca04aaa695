import { maskToken, tokenize, TRUNCATED_TOKEN } from './message-masking';

const masked = (message: string) => tokenize(message).join(' ');

describe('message masking', () => {
  it.each([
    ['Payment gateway timeout after 5000ms for tx_123', 'Payment gateway timeout after <DURATION> for tx_<NUM>'],
    ['User 42 logged in from 10.0.0.1', 'User <NUM> logged in from <IP>'],
    ['Retry 3 of 5 in 1.5s', 'Retry <NUM> of <NUM> in <DURATION>'],
    ['Order 9f1c2b7e-4a1d-4c3b-9a5e-2f6d8c0b1a3e not found', 'Order <UUID> not found'],
    ['Cache miss for key 5f2b9c1e8a7d', 'Cache miss for key <HEX>'],
    ['pointer 0xDEADBEEF freed twice', 'pointer <HEX> freed twice'],
    ['Mail to jane.doe@example.com bounced', 'Mail to <EMAIL> bounced'],
    ['Connected to [2001:db8::1]:5432 and fe80::1', 'Connected to <IP> and <IP>'],
    ['Upstream 192.168.1.20:8080 refused connection', 'Upstream <IP> refused connection'],
    ['User \'john doe\' not found in "primary db"', 'User <STR> not found in <STR>'],
    ['GET /api/users/42/orders?page=2 took 120ms', 'GET /api/users/<NUM>/orders?page=<VAL> took <DURATION>'],
    ['Fetched https://api.example.com/v1/items/8c2e1f00aa11 in 3s', 'Fetched https://api.example.com/v1/items/<HEX> in <DURATION>'],
    ['login failed user=bob attempts=3 ip=10.1.2.3', 'login failed user=<VAL> attempts=<NUM> ip=<IP>'],
    ['Disk usage at 512MB of 2GB', 'Disk usage at <SIZE> of <SIZE>'],
    ['Job started at 2026-11-24T10:00:00Z (run #17)', 'Job started at <TIMESTAMP> (run #<NUM>)'],
  ])('masks the variable parts of %j', (message, expected) => {
    expect(masked(message)).toBe(expected);
  });

  it('leaves plain words, apostrophes and version-like names alone', () => {
    expect(masked("Can't reach http2 upstream, won't retry")).toBe("Can't reach http2 upstream, won't retry");
    expect(masked('deployment accepted by scheduler')).toBe('deployment accepted by scheduler');
  });

  it('keeps punctuation around a masked value', () => {
    expect(maskToken('(42)')).toBe('(<NUM>)');
    expect(maskToken('10.0.0.1,')).toBe('<IP>,');
    expect(maskToken('error:')).toBe('error:');
  });

  it('does not mistake clock times for IPv6 addresses', () => {
    expect(masked('backup at 10:00:00 done')).toBe('backup at <TIMESTAMP> done');
  });

  it('caps the tokens of a long message and marks the cut', () => {
    const tokens = tokenize(Array.from({ length: 500 }, (_, i) => `word${i % 2 ? 'a' : 'b'}`).join(' '), {
      maxTokens: 10,
      maxMessageChars: 100_000,
    });
    expect(tokens).toHaveLength(11);
    expect(tokens[10]).toBe(TRUNCATED_TOKEN);
  });

  it('only looks at the first characters of a huge message', () => {
    const tokens = tokenize('x'.repeat(10) + ' ' + 'y'.repeat(100_000), { maxTokens: 48, maxMessageChars: 50 });
    expect(tokens.join(' ').length).toBeLessThanOrEqual(50);
  });

  it('returns no tokens for an empty or blank message', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   \n\t')).toEqual([]);
  });
});
