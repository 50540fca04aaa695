import { BlockList, isIPv4 } from 'node:net';

/** SYSLOG_ALLOWED_SOURCES as a lookup: addresses and CIDR ranges, IPv4-mapped IPv6 peers seen as IPv4. */
export class SourceAllowList {
  private readonly list = new BlockList();
  readonly isEmpty: boolean;

  constructor(sources: readonly string[]) {
    this.isEmpty = sources.length === 0;
    for (const source of sources) {
      const [address, prefix] = source.split('/') as [string, string | undefined];
      const type = isIPv4(address) ? 'ipv4' : 'ipv6';
      if (prefix === undefined) this.list.addAddress(address, type);
      else this.list.addSubnet(address, Number(prefix), type);
    }
  }

  allows(address: string | undefined): boolean {
    if (!address || this.isEmpty) return false;
    const plain = address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
    return this.list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
  }
}
