import { isIPv6 } from 'node:net';

/**
 * The key login limits count a client under. IPv4 as it is (an IPv4-mapped IPv6 address is
 * the same client); IPv6 by its /64, because one host is usually given a whole /64 and could
 * otherwise take a fresh address for every guess.
 */
export function clientAddressKey(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const groups = expandIPv6(ip.split('%')[0]!);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, lower-case and without leading zeros. */
function expandIPv6(ip: string): string[] {
  const [head = '', tail] = ip.toLowerCase().split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 is handled above; 64:ff9b::1.2.3.4 is not) counts as two groups.
  const width = (groups: string[]) => groups.reduce((n, group) => n + (group.includes('.') ? 2 : 1), 0);
  const zeros = Array<string>(8 - width(left) - width(right)).fill('0');
  return [...left, ...zeros, ...right].map((group) => (group.includes('.') ? group : Number.parseInt(group, 16).toString(16)));
}
