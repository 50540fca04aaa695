import { signWebhookBody, verifyWebhookSignature, webhookHeaders } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret_123456';
  const body = '{"id":"e1","event":"incident.opened"}';

  it('signs "<timestamp>.<body>" with HMAC-SHA256 as sha256=<hex>', () => {
    // Reference value computed independently: printf '1700000000.{"id":"e1","event":"incident.opened"}' | openssl dgst -sha256 -hmac whsec_test_secret_123456
    expect(signWebhookBody(secret, 1_700_000_000, body)).toBe('sha256=41a2c50a9ba988ccd451f67864365792dc2b1d5fba858c4198cc86337b0ac830');
    expect(signWebhookBody(secret, 1_700_000_000, body)).not.toBe(signWebhookBody(secret, 1_700_000_001, body));
  });

  it('produces headers a receiver can verify, and only with the right secret and body', () => {
    const headers = webhookHeaders(secret, 'e1', body, new Date(1_700_000_000_500));
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-event-id': 'e1', 'x-timestamp': '1700000000' });
    const check = (overrides: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret,
        body,
        timestamp: headers['x-timestamp'],
        signature: headers['x-signature'],
        nowSeconds: 1_700_000_010,
        ...overrides,
      });
    expect(check({})).toBe(true);
    expect(check({ secret: 'another_secret_123456' })).toBe(false);
    expect(check({ body: body.replace('opened', 'resolved') })).toBe(false);
    expect(check({ nowSeconds: 1_700_000_000 + 3600 })).toBe(false);
    expect(check({ signature: undefined })).toBe(false);
  });
});
