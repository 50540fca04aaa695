import { BlockList, isIP } from 'node:net';

/**
 * Where a notification may be sent. Webhook URLs are chosen by users, so without this an
 * ADMIN (or a stolen ADMIN token) could make the server call its own network: the database,
 * cloud metadata at 169.254.169.254, internal admin panels. The check is applied to every
 * address a host name resolves to, at creation and again right before each connection
 * (DNS can change between the two: "DNS rebinding").
 */
const RANGES: Array<[label: string, cidr: string]> = [
  ['"this network"', '0.0.0.0/8'],
  ['private', '10.0.0.0/8'],
  ['carrier-grade NAT', '100.64.0.0/10'],
  ['loopback', '127.0.0.0/8'],
  ['link-local', '169.254.0.0/16'],
  ['private', '172.16.0.0/12'],
  ['IETF protocol assignments', '192.0.0.0/24'],
  ['documentation', '192.0.2.0/24'],
  ['6to4 relay', '192.88.99.0/24'],
  ['private', '192.168.0.0/16'],
  ['benchmarking', '198.18.0.0/15'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['multicast', '224.0.0.0/4'],
  ['reserved', '240.0.0.0/4'],
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  // IPv6 forms that carry an IPv4 address: refused whatever that address is, because how a
  // socket treats them (IPv4, a tunnel, nothing) depends on the OS, and no receiver needs them.
  ['IPv4-compatible', '::/96'],
  ['IPv4-mapped', '::ffff:0:0/96'],
  ['IPv4-translated', '::ffff:0:0:0/96'],
  ['local-use NAT64', '64:ff9b:1::/48'],
  ['discard-only', '100::/64'],
  ['Teredo', '2001::/32'],
  ['documentation', '2001:db8::/32'],
  // 6to4 embeds any IPv4 address, private ones included: refused as a whole.
  ['6to4', '2002::/16'],
  ['unique-local', 'fc00::/7'],
  ['link-local', 'fe80::/10'],
  ['site-local', 'fec0::/10'],
  ['multicast', 'ff00::/8'],
];

const RULES = RANGES.map(([label, cidr]) => {
  const [network, prefix] = cidr.split('/') as [string, string];
  const type = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), type);
  return { label, cidr, type, list };
});

/** The 32 low bits of an IPv6 address as dotted IPv4 (for NAT64 64:ff9b::/96). */
function embeddedIPv4(ipv6: string): string | undefined {
  const lower = ipv6.toLowerCase();
  if (!lower.startsWith('64:ff9b::')) return undefined;
  const tail = lower.slice('64:ff9b::'.length);
  if (isIP(tail) === 4) return tail;
  const groups = tail.split(':');
  if (groups.length !== 2 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const [high, low] = groups.map((g) => parseInt(g, 16)) as [number, number];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * Why an IP address must not be called, or undefined when it is a public unicast address.
 * NAT64 (64:ff9b::/96) is judged by the IPv4 address it carries.
 */
export function forbiddenAddressReason(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  for (const rule of RULES) {
    // Each rule against its own family only: BlockList maps an IPv4 address into
    // ::ffff:0:0/96, so that IPv6 rule would otherwise match every IPv4 address.
    if (rule.type === type && rule.list.check(address, type)) return `${rule.label} (${rule.cidr})`;
  }
  const nat64 = family === 6 ? embeddedIPv4(address) : undefined;
  return nat64 ? forbiddenAddressReason(nat64) : undefined;
}

export class UnsafeDestinationError extends Error {
  readonly code = 'EUNSAFEDESTINATION';
}

/** A URL's host without IPv6 brackets. */
export const bareHostname = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * The checks that need no network: a parseable http(s) URL with a host, and, when the host
 * is an IP literal, an allowed one. Returns the parsed URL or throws with a message that
 * can be shown to the user.
 */
export function parseDestinationUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeDestinationError('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeDestinationError('must use http or https');
  const host = bareHostname(url);
  if (!host) throw new UnsafeDestinationError('must have a host');
  // The WHATWG parser has already turned 2130706433, 0x7f.1 and friends into dotted form.
  if (!allowPrivate && isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw new UnsafeDestinationError(`points to ${host}, a ${reason} address, which is not allowed`);
  }
  return url;
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/**
 * Resolves a host and refuses it when ANY of its addresses is forbidden (a host that mixes
 * public and private addresses is not trusted with either). IP literals resolve to themselves.
 */
export async function resolveAllowedAddresses(hostname: string, allowPrivate: boolean, resolve: Resolver): Promise<ResolvedAddress[]> {
  const family = isIP(hostname);
  const addresses = family ? [{ address: hostname, family }] : await resolve(hostname);
  if (addresses.length === 0) throw new UnsafeDestinationError(`host ${hostname} has no address`);
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) throw new UnsafeDestinationError(`host ${hostname} resolves to ${address}, a ${reason} address, which is not allowed`);
    }
  }
  return addresses;
}
