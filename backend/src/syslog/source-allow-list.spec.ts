import { SourceAllowList } from './source-allow-list';

describe('SourceAllowList', () => {
  const list = new SourceAllowList(['10.0.0.0/8', '192.168.1.5', 'fd00::/8']);

  it('allows listed addresses and ranges, IPv4-mapped IPv6 peers included', () => {
    expect(list.allows('10.1.2.3')).toBe(true);
    expect(list.allows('::ffff:10.1.2.3')).toBe(true);
    expect(list.allows('192.168.1.5')).toBe(true);
    expect(list.allows('fd12::1')).toBe(true);
  });

  it('refuses everything else, and everything when empty', () => {
    expect(list.allows('192.168.1.6')).toBe(false);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(list.allows(undefined)).toBe(false);
    expect(new SourceAllowList([]).allows('127.0.0.1')).toBe(false);
  });
});
