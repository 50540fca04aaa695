import { STREAM_RECHECK_MS, type StreamAuthenticator, type StreamIdentity } from './stream-authenticator';

/** Comments that keep proxies from closing a quiet stream. */
export const HEARTBEAT_MS = 15_000;

export interface OpenStream {
  identity: StreamIdentity;
  close(): void;
}

/**
 * What every long-lived stream of this instance needs the same way (`GET /events`, `GET /logs/tail`):
 * a heartbeat, a periodic check that closes streams whose token was revoked or whose user was
 * deactivated since they opened (none while the database is unreachable: the next round decides),
 * and closing all of them at shutdown, since open streams would keep app.close() waiting forever.
 */
export class OpenStreams<C extends OpenStream> implements Iterable<C> {
  private readonly clients = new Set<C>();
  private heartbeat?: NodeJS.Timeout;
  private recheck?: NodeJS.Timeout;

  constructor(
    private readonly authenticator: StreamAuthenticator,
    private readonly beat: (client: C) => void,
  ) {}

  start(): void {
    this.heartbeat = setInterval(() => this.clients.forEach(this.beat), HEARTBEAT_MS);
    this.recheck = setInterval(() => void this.closeRevoked(), STREAM_RECHECK_MS);
  }

  stop(): void {
    clearInterval(this.heartbeat);
    clearInterval(this.recheck);
    for (const client of [...this.clients]) client.close();
  }

  async closeRevoked(): Promise<void> {
    let revoked: C[];
    try {
      revoked = await this.authenticator.revoked([...this.clients]);
    } catch {
      return;
    }
    revoked.forEach((client) => client.close());
  }

  add(client: C): void {
    this.clients.add(client);
  }

  /** False when the client was already gone (so a close runs its cleanup once). */
  delete(client: C): boolean {
    return this.clients.delete(client);
  }

  has(client: C): boolean {
    return this.clients.has(client);
  }

  get size(): number {
    return this.clients.size;
  }

  [Symbol.iterator](): Iterator<C> {
    return this.clients[Symbol.iterator]();
  }
}
