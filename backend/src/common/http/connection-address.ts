/**
 * The key connections are counted under: the IPv4 address, or the /64 network of an IPv6
 * address (one host is usually given a whole /64, so counting single IPv6 addresses would let
 * it open connections from as many addresses as it likes).
 */
export function connectionAddressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const withoutZone = address.split('%')[0]!.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(withoutZone);
  if (mapped) return mapped[1]!;
  if (!withoutZone.includes(':')) return withoutZone;
  const groups = expandIpv6(withoutZone);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : withoutZone;
}

function expandIpv6(address: string): string[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  return [...head, ...Array.from({ length: missing }, () => '0'), ...tail].map((group) => group.replace(/^0+(?=.)/, ''));
}
