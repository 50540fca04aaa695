import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthenticatedUser, JwtPayload } from '../common/auth/auth.types';
import { authenticateTokenSubject, credentialOf, tokenRefusal } from '../auth';
import { UsersService } from '../users';

export interface StreamIdentity {
  user: AuthenticatedUser;
  /** When the token expires (ms since epoch): the stream is closed then. */
  expiresAt?: number;
  /** The token's `ver` claim, checked again while the stream is open (see `revoked`). */
  tokenVersion: unknown;
}

export interface StreamCredential {
  token: string;
  via: 'bearer' | 'query' | 'cookie';
}

function queryToken(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://localhost').searchParams.get('token') || undefined;
  } catch {
    return undefined;
  }
}

/** How often open streams check that their tokens still pass (revocation, deactivation). */
export const STREAM_RECHECK_MS = 30_000;

/**
 * The JWT check of long-lived streams (WebSocket, SSE), which do not pass through the HTTP
 * guards: browsers cannot set headers on `new WebSocket()` or `new EventSource()`, so the
 * token may also come as `?token=` or in the console's session cookie. Same rules as JwtStrategy: HS256 only, user active, token not revoked.
 */
@Injectable()
export class StreamAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  /**
   * The token of a stream request: `Authorization: Bearer <jwt>` first, then `?token=<jwt>`,
   * then the console's session cookie (so the console never puts its token in a URL).
   */
  static credentialOf(url: string | undefined, headers: IncomingHttpHeaders): StreamCredential | undefined {
    const presented = credentialOf(headers);
    if (presented?.via === 'bearer') return presented;
    const query = queryToken(url);
    if (query) return { token: query, via: 'query' };
    return presented;
  }

  async authenticate(token: string | undefined): Promise<StreamIdentity> {
    if (!token) throw new UnauthorizedException('A token is required: Authorization: Bearer <jwt>, ?token=<jwt> or the session cookie');
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
