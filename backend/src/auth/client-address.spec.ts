import { clientAddressKey } from './client-address';

describe('clientAddressKey', () => {
  it('keeps an IPv4 address as it is', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts an IPv4-mapped IPv6 address as the IPv4 client it is', () => {
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::FFFF:127.0.0.1')).toBe('127.0.0.1');
  });

  it('counts every IPv6 address of one /64 as one client, however it is written', () => {
    expect(clientAddressKey('2001:db8:5:6::1')).toBe('2001:db8:5:6::/64');
    expect(clientAddressKey('2001:0DB8:0005:0006:ffff:1:2:3')).toBe('2001:db8:5:6::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });

  it('tells neighbouring /64s apart', () => {
    expect(clientAddressKey('2001:db8:5:7::1')).not.toBe(clientAddressKey('2001:db8:5:6::1'));
  });
});
