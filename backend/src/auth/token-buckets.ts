export interface TokenBucketPolicy {
  /** Tokens a key starts with and can save up: the burst it may send at once. */
  capacity: number;
  /** Milliseconds to earn one token back. */
  msPerToken: number;
  /** Keys remembered; past this the one unused longest is forgotten (memory stays bounded). */
  maxKeys: number;
}

// Counted in milliseconds of credit rather than fractional tokens: whole milliseconds add up
// exactly, so "wait 2000 ms" does not come out as 2001.
interface Bucket {
  creditMs: number;
  updatedMs: number;
}

/**
 * One token bucket per key, in memory. A forgotten key starts again with a full bucket, so
 * `maxKeys` must be well above the number of keys active within one refill period.
 */
export class TokenBuckets {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly policy: TokenBucketPolicy) {}

  /** Takes one token for `key`: 0 when there was one, else the milliseconds until there will be. */
  take(key: string, nowMs: number): number {
    const bucket = this.current(key, nowMs);
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.policy.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.creditMs >= this.policy.msPerToken) {
      bucket.creditMs -= this.policy.msPerToken;
      return 0;
    }
    return Math.ceil(this.policy.msPerToken - bucket.creditMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  private current(key: string, nowMs: number): Bucket {
    const bucket = this.buckets.get(key);
    const fullMs = this.policy.capacity * this.policy.msPerToken;
    if (!bucket) return { creditMs: fullMs, updatedMs: nowMs };
    const earnedMs = Math.max(0, nowMs - bucket.updatedMs);
    return { creditMs: Math.min(fullMs, bucket.creditMs + earnedMs), updatedMs: nowMs };
  }
}
