import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in logs and by secret scanners, like API keys (ilm_). */
export const FEED_TOKEN_PREFIX = 'ilc_';
const TOKEN_SHAPE = /^ilc_[A-Za-z0-9_-]{43}$/;

export function generateFeedToken(): { token: string; hash: string } {
  const token = FEED_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashFeedToken(token) };
}

/** SHA-256: the token holds 256 random bits, so a slow hash would add nothing. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Anything else can name no feed: refused without a query. */
export const isFeedTokenShaped = (token: string) => TOKEN_SHAPE.test(token);
