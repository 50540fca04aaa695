import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AuthenticatedUser, JwtPayload } from '../auth/auth.types';
import { PrismaService } from '../database/prisma.service';

export interface StreamIdentity {
  user: AuthenticatedUser;
  /** When the token expires (ms since epoch): the stream is closed then. */
  expiresAt?: number;
}

/**
 * The JWT check of long-lived streams (WebSocket, SSE), which do not pass through the HTTP
 * guards: browsers cannot set headers on `new WebSocket()` or `new EventSource()`, so the
 * token may also come as `?token=`. Same rules as JwtStrategy: HS256 only, user active.
 */
@Injectable()
export class StreamAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly prisma: PrismaService,
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
    if (typeof payload?.sub !== 'string') throw new UnauthorizedException('Invalid token');
    const user = await this.prisma.user.findUnique({
      where: { id: payload.sub },
      select: { id: true, email: true, role: true, active: true },
    });
    if (!user || !user.active) throw new UnauthorizedException('User is unknown or deactivated');
    return { user: { id: user.id, email: user.email, role: user.role }, expiresAt: payload.exp ? payload.exp * 1000 : undefined };
  }
}
