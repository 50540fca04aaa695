import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4 } from 'node:net';

export interface MetricsAccessSettings {
  nodeEnv: string;
  token?: string;
  allow: string[];
}

export type MetricsAccess = 'allowed' | 'token_required' | 'address_refused' | 'not_configured';

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

function blockListOf(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Who may scrape GET /metrics. Each configured check must pass: METRICS_TOKEN as a bearer
 * token, METRICS_ALLOW against the TCP peer's address (never X-Forwarded-For, which any
 * client writes). With neither configured: loopback peers only outside production, and
 * nobody in production, where a reverse proxy on the same host would make "loopback" mean
 * "the internet". The metrics name routes and volumes, not data, but they map the service.
 */
export class MetricsAccessPolicy {
  private readonly allowed?: BlockList;
  private readonly tokenDigest?: Buffer;
  private readonly loopback = blockListOf(LOOPBACK);

  constructor(private readonly settings: MetricsAccessSettings) {
    if (settings.allow.length > 0) this.allowed = blockListOf(settings.allow);
    if (settings.token !== undefined) this.tokenDigest = digest(settings.token);
  }

  decide(peerAddress: string | undefined, authorization: string | undefined): MetricsAccess {
    const peer = normalizedPeer(peerAddress);
    if (!this.allowed && !this.tokenDigest) {
      if (this.settings.nodeEnv === 'production') return 'not_configured';
      return peer && this.matches(this.loopback, peer) ? 'allowed' : 'address_refused';
    }
    if (this.allowed && !(peer && this.matches(this.allowed, peer))) return 'address_refused';
    if (this.tokenDigest) {
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      // Digests of equal length: the comparison takes the same time whatever was sent.
      if (given === undefined || !timingSafeEqual(digest(given), this.tokenDigest)) return 'token_required';
    }
    return 'allowed';
  }

  private matches(list: BlockList, peer: string): boolean {
    return list.check(peer, isIPv4(peer) ? 'ipv4' : 'ipv6');
  }
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function normalizedPeer(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address.split('%')[0];
}
