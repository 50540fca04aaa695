import type { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { connectionAddressKey } from './connection-address';

export interface ConnectionLimits {
  /** Open connections one client address (an IPv6 /64) may hold at once. */
  perAddress: number;
  /** Open connections in all; 0 is never passed here (see `maxConnectionsFor`). */
  total: number;
}

/**
 * Caps open connections per client address and in all. A connection over the per-address cap
 * is destroyed as soon as it is accepted, before a byte is read, so one misbehaving address
 * cannot use up the process's file descriptors while others wait. Over the total cap Node
 * closes the connection itself, which keeps descriptors for the database pool and files.
 * `trustProxy` is off: the socket's address is the client's (or the proxy's: raise the cap there).
 */
export function limitConnections(server: Server, limits: ConnectionLimits, logger: Pick<Logger, 'warn'>): void {
  server.maxConnections = limits.total;
  const open = new Map<string, number>();
  const warned = new Set<string>();
  server.prependListener('connection', (socket: Socket) => {
    const key = connectionAddressKey(socket.remoteAddress);
    const count = open.get(key) ?? 0;
    if (count >= limits.perAddress) {
      socket.destroy();
      // Once per episode: the warning returns only after that address has closed everything.
      if (!warned.has(key)) {
        warned.add(key);
        logger.warn(`Refusing connections from ${key}: it already holds ${limits.perAddress} (HTTP_MAX_CONNECTIONS_PER_ADDRESS)`);
      }
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else {
        open.delete(key);
        warned.delete(key);
      }
    });
  });
}

/** Descriptors kept for everything but client connections: the database pool, files, webhook and LLM calls. */
export const RESERVED_FILE_DESCRIPTORS = 512;

/**
 * The total connection cap: the configured one, or (0) what the open-file limit leaves after
 * the reserve. Past that limit accept() fails with EMFILE and connections wait unanswered in
 * the kernel's backlog, which is how 20,000 idle sockets took the service down.
 */
export function maxConnectionsFor(configured: number, openFileLimit: number | undefined): { total: number; warning?: string } {
  if (openFileLimit === undefined) return { total: configured > 0 ? configured : 10_000 };
  const room = Math.max(openFileLimit - RESERVED_FILE_DESCRIPTORS, Math.floor(openFileLimit / 2));
  if (configured === 0) return { total: room };
  if (configured > room) {
    return {
      total: configured,
      warning: `HTTP_MAX_CONNECTIONS=${configured} is above what the open-file limit (ulimit -n ${openFileLimit}) leaves for connections (${room}): raise the limit or lower the setting`,
    };
  }
  return { total: configured };
}
