import { TokenBuckets } from './token-buckets';

// 20 a minute, as LOGIN_ADDRESS_MAX_PER_MINUTE's default: one token every 3 s.
const policy = { capacity: 20, msPerToken: 3000, maxKeys: 1000 };

describe('TokenBuckets', () => {
  it('allows a burst of `capacity`, then says how long until the next token', () => {
    const buckets = new TokenBuckets(policy);
    for (let i = 0; i < 20; i++) expect(buckets.take('a', 0)).toBe(0);
    expect(buckets.take('a', 0)).toBe(3000);
    expect(buckets.take('a', 1000)).toBe(2000);
  });

  it('earns tokens back over time, never more than `capacity`', () => {
    const buckets = new TokenBuckets(policy);
    for (let i = 0; i < 20; i++) buckets.take('a', 0);
    expect(buckets.take('a', 3000)).toBe(0);
    expect(buckets.take('a', 3000)).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) expect(buckets.take('b', 3_600_000 * i)).toBe(0);
    const later = 10 * 60_000;
    for (let i = 0; i < 20; i++) expect(buckets.take('a', later)).toBe(0);
    expect(buckets.take('a', later)).toBeGreaterThan(0);
  });

  it('does not refund refused attempts: a client hammering while empty stays empty', () => {
    const buckets = new TokenBuckets(policy);
    for (let i = 0; i < 20; i++) buckets.take('a', 0);
    for (let t = 0; t < 2900; t += 100) expect(buckets.take('a', t)).toBeGreaterThan(0);
    expect(buckets.take('a', 3000)).toBe(0);
  });

  it('keeps keys apart', () => {
    const buckets = new TokenBuckets(policy);
    for (let i = 0; i < 20; i++) buckets.take('a', 0);
    expect(buckets.take('b', 0)).toBe(0);
  });

  it('remembers at most maxKeys keys, forgetting the one unused longest', () => {
    const buckets = new TokenBuckets({ ...policy, maxKeys: 2 });
    for (let i = 0; i < 20; i++) buckets.take('a', 0);
    buckets.take('b', 0);
    buckets.take('a', 0); // a is now the most recently used
    buckets.take('c', 0); // forgets b
    expect(buckets.size).toBe(2);
    expect(buckets.take('a', 0)).toBeGreaterThan(0);
  });
});
