import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser, JwtPayload } from '../common/auth/auth.types';
import { authenticateTokenSubject, tokenRefusal } from '../auth';
import { UsersService } from '../users';

export interface StreamIdentity {
  user: AuthenticatedUser;
  /** When the token expires (ms since epoch): the stream is closed then. */
  expiresAt?: number;
  /** The token's `ver` claim, checked again while the stream is open (see `revoked`). */
  tokenVersion: unknown;
}

/** How often open streams check that their tokens still pass (revocation, deactivation). */
export const STREAM_RECHECK_MS = 30_000;

/**
 * The JWT check of long-lived streams (WebSocket, SSE), which do not pass through the HTTP
 * guards: browsers cannot set headers on `new WebSocket()` or `new EventSource()`, so the
 * token may also come as `?token=`. Same rules as JwtStrategy: HS256 only, user active, token not revoked.
 */
@Injectable()
export class StreamAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /** The token of a request: `Authorization: Bearer <jwt>` first, else `?token=<jwt>`. */
  static tokenOf(url: string | undefined, authorization: string | string[] | undefined): string | undefined {
    const header = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] : undefined;
    if (header) return header;
    try {
      return new URL(url ?? '/', 'http://localhost').searchParams.get('token') || undefined;
    } catch {
      return undefined;
    }
  }

  async authenticate(token: string | undefined): Promise<StreamIdentity> {
    if (!token) throw new UnauthorizedException('A token is required: Authorization: Bearer <jwt>, or ?token=<jwt>');
    let payload: JwtPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<JwtPayload & { exp?: number }>(token);
    } catch {
      throw new UnauthorizedException('Missing, invalid or expired token');
    }
    const user = await authenticateTokenSubject(this.users, payload);
    return { user, expiresAt: payload.exp ? payload.exp * 1000 : undefined, tokenVersion: payload.ver };
  }

  /**
   * The open streams whose token no longer passes: its user was deactivated or changed their
   * password since it connected. One query for all of an instance's streams; the gateways
   * call it every STREAM_RECHECK_MS and close what it returns. Throws when the database is
   * unreachable (the caller keeps its streams then).
   */
  async revoked<T extends { identity: StreamIdentity }>(streams: T[]): Promise<T[]> {
    if (streams.length === 0) return [];
    const ids = [...new Set(streams.map((stream) => stream.identity.user.id))];
    const users = await this.users.findTokenSubjects(ids);
    const byId = new Map(users.map((user) => [user.id, user]));
    return streams.filter(({ identity }) => tokenRefusal({ ver: identity.tokenVersion }, byId.get(identity.user.id) ?? null) !== undefined);
  }
}
