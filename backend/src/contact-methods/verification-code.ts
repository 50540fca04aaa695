import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** A code is good for 15 minutes: long enough to switch to a mail client, short enough to go stale. */
export const CODE_TTL_MS = 15 * 60 * 1000;
/** Wrong guesses per code: 5 of 10^6 codes leaves a guesser a 1-in-200,000 chance; then a new code is needed. */
export const MAX_CODE_ATTEMPTS = 5;
/** A new code at most every 30 s: each one goes out through the medium (an email, a Slack message). */
export const RESEND_INTERVAL_MS = 30 * 1000;

export const newVerificationCode = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

/**
 * Stored instead of the code: an HMAC keyed with the server's encryption key and bound to
 * the method, so a database reader can neither read the code nor try the 10^6 codes offline.
 */
export const hashVerificationCode = (key: string, contactMethodId: string, code: string): string =>
  createHmac('sha256', key).update(`${contactMethodId}:${code}`).digest('hex');

export function verificationCodeMatches(key: string, contactMethodId: string, code: string, storedHash: string): boolean {
  const actual = Buffer.from(hashVerificationCode(key, contactMethodId, code), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
