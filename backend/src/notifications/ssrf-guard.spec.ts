import { forbiddenAddressReason, parseDestinationUrl, resolveAllowedAddresses, UnsafeDestinationError, type Resolver } from './ssrf-guard';

describe('forbiddenAddressReason', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'IPv4-mapped'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped'],
    // Mapped, compatible and translated forms are refused whatever IPv4 address they carry:
    // how a socket treats them depends on the OS, and no real receiver needs them.
    ['::ffff:8.8.8.8', 'IPv4-mapped'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['::7f00:1', 'IPv4-compatible'],
    ['::8.8.8.8', 'IPv4-compatible'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['::ffff:0:808:808', 'IPv4-translated'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::1', '6to4'],
    ['2001:db8::1', 'documentation'],
  ])('refuses %s as %s', (address, label) => {
    expect(forbiddenAddressReason(address)).toContain(label);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::808:808', '1::8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(forbiddenAddressReason(address)).toBeUndefined();
    },
  );
});

describe('parseDestinationUrl', () => {
  it('accepts http and https URLs with a public or named host', () => {
    expect(parseDestinationUrl('https://hooks.slack.com/services/T/B/x', false).hostname).toBe('hooks.slack.com');
    expect(parseDestinationUrl('http://8.8.8.8:8080/hook', false).port).toBe('8080');
  });

  it('refuses other schemes and malformed URLs', () => {
    expect(() => parseDestinationUrl('ftp://example.com/x', false)).toThrow(/http or https/);
    expect(() => parseDestinationUrl('file:///etc/passwd', false)).toThrow(/http or https/);
    expect(() => parseDestinationUrl('not a url', false)).toThrow(/absolute URL/);
  });

  it('refuses private IP literals, including the encodings the URL parser normalises', () => {
    for (const raw of [
      'http://127.0.0.1/x',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]:80/',
      'http://[::ffff:10.0.0.1]/',
      'http://[::127.0.0.1]/',
      'http://[::ffff:0:7f00:1]/',
      'http://0/',
    ]) {
      expect(() => parseDestinationUrl(raw, false)).toThrow(UnsafeDestinationError);
    }
  });

  it('lets private literals through when private webhooks are allowed', () => {
    expect(parseDestinationUrl('http://127.0.0.1:9/x', true).hostname).toBe('127.0.0.1');
  });
});

describe('resolveAllowedAddresses', () => {
  const resolver =
    (table: Record<string, string[]>): Resolver =>
    async (host) =>
      (table[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

  it('returns the addresses of a host that resolves only to public ones', async () => {
    await expect(resolveAllowedAddresses('example.com', false, resolver({ 'example.com': ['93.184.216.34'] }))).resolves.toEqual([
      { address: '93.184.216.34', family: 4 },
    ]);
  });

  it('refuses a host when any of its addresses is private (DNS rebinding, mixed records)', async () => {
    const dns = resolver({ 'evil.test': ['93.184.216.34', '169.254.169.254'], 'localhost.test': ['::1'] });
    await expect(resolveAllowedAddresses('evil.test', false, dns)).rejects.toThrow(/169\.254\.169\.254, a link-local/);
    await expect(resolveAllowedAddresses('localhost.test', false, dns)).rejects.toThrow(/loopback/);
  });

  it('refuses a host without addresses, and allows anything when private webhooks are on', async () => {
    await expect(resolveAllowedAddresses('nothing.test', false, resolver({}))).rejects.toThrow(/no address/);
    await expect(resolveAllowedAddresses('local.test', true, resolver({ 'local.test': ['127.0.0.1'] }))).resolves.toHaveLength(1);
  });
});
