import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing, Stripe-style: the receiver recomputes HMAC-SHA256(secret, "<timestamp>.<body>")
 * over the raw body and compares; the timestamp is signed too, so an old request replayed
 * later is refused by its age.
 */
export const SIGNATURE_HEADER = 'X-Signature';
export const TIMESTAMP_HEADER = 'X-Timestamp';
export const EVENT_ID_HEADER = 'X-Event-Id';

export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

export function verifyWebhookSignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): boolean {
  const { secret, body, timestamp, signature, nowSeconds, toleranceSeconds = 300 } = input;
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The headers of one signed webhook request. */
export function webhookHeaders(secret: string, eventId: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'user-agent': 'incident-platform-webhooks/1',
    [EVENT_ID_HEADER.toLowerCase()]: eventId,
    [TIMESTAMP_HEADER.toLowerCase()]: String(timestamp),
    [SIGNATURE_HEADER.toLowerCase()]: signWebhookBody(secret, timestamp, body),
  };
}
