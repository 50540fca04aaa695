import { MetricsAccessPolicy } from './metrics-access';

const TOKEN = 'c2NyYXBlLXRva2VuLWZvci10ZXN0cy0xMjM0NTY3OA';

describe('MetricsAccessPolicy', () => {
  it('with nothing configured, lets loopback scrape outside production and nobody in production', () => {
    const dev = new MetricsAccessPolicy({ nodeEnv: 'development', allow: [] });
    expect(dev.decide('127.0.0.1', undefined)).toBe('allowed');
    expect(dev.decide('::1', undefined)).toBe('allowed');
    expect(dev.decide('::ffff:127.0.0.1', undefined)).toBe('allowed');
    expect(dev.decide('10.1.2.3', undefined)).toBe('address_refused');
    const prod = new MetricsAccessPolicy({ nodeEnv: 'production', allow: [] });
    expect(prod.decide('127.0.0.1', undefined)).toBe('not_configured');
  });

  it('requires the exact bearer token when one is set, from any address', () => {
    const policy = new MetricsAccessPolicy({ nodeEnv: 'production', token: TOKEN, allow: [] });
    expect(policy.decide('203.0.113.9', `Bearer ${TOKEN}`)).toBe('allowed');
    expect(policy.decide('127.0.0.1', undefined)).toBe('token_required');
    expect(policy.decide('127.0.0.1', `Bearer ${TOKEN}x`)).toBe('token_required');
    expect(policy.decide('127.0.0.1', TOKEN)).toBe('token_required');
  });

  it('checks the peer against the allow-list, and both checks when both are set', () => {
    const listOnly = new MetricsAccessPolicy({ nodeEnv: 'production', allow: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'] });
    expect(listOnly.decide('10.20.30.40', undefined)).toBe('allowed');
    expect(listOnly.decide('::ffff:10.20.30.40', undefined)).toBe('allowed');
    expect(listOnly.decide('2001:db8::1', undefined)).toBe('allowed');
    expect(listOnly.decide('192.0.2.7', undefined)).toBe('allowed');
    expect(listOnly.decide('192.0.2.8', undefined)).toBe('address_refused');
    expect(listOnly.decide(undefined, undefined)).toBe('address_refused');
    const both = new MetricsAccessPolicy({ nodeEnv: 'production', token: TOKEN, allow: ['10.0.0.0/8'] });
    expect(both.decide('10.0.0.1', `Bearer ${TOKEN}`)).toBe('allowed');
    expect(both.decide('10.0.0.1', undefined)).toBe('token_required');
    expect(both.decide('11.0.0.1', `Bearer ${TOKEN}`)).toBe('address_refused');
  });
});
