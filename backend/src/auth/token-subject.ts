import { UnauthorizedException } from '@nestjs/common';
import type { TokenSubject } from '../users';
import type { AuthenticatedUser } from '../common/auth/auth.types';

export type { TokenSubject };

export const UNKNOWN_OR_DEACTIVATED = 'User is unknown or deactivated';
export const REVOKED_TOKEN = 'Token revoked: the password was changed or the account deactivated since it was issued; sign in again';
export const NO_EXPIRY = 'Token has no expiry (exp claim); sign in again';

/**
 * Why a token that is correctly signed and unexpired must still be refused, or undefined
 * when it is good. `ver` is the user's token_version when the token was issued: a counter,
 * not a time, so a token issued in the same second as a password change is told apart
 * (`iat` has one-second resolution) and app clocks do not matter. Tokens from before the
 * counter existed carry no `ver` and count as version 0.
 */
export function tokenRefusal(claims: { ver?: unknown }, user: TokenSubject | null): string | undefined {
  if (!user || !user.active) return UNKNOWN_OR_DEACTIVATED;
  const version = claims.ver === undefined ? 0 : claims.ver;
  return version === user.tokenVersion ? undefined : REVOKED_TOKEN;
}

/**
 * Loads the user of a verified token and applies `tokenRefusal` (401 with its reason). The
 * role comes from this row, never from the token: a role change applies to existing tokens
 * at once, so it does not need to revoke them.
 *
 * The signature check accepts a token without `exp` (jsonwebtoken only checks an `exp` that
 * is present, and has no option to require one). Such a token would never expire, so it is
 * refused here, where HTTP routes and live streams both pass. Every token the app issues has one.
 */
export async function authenticateTokenSubject(
  users: { findTokenSubject(id: string): Promise<TokenSubject | null> },
  claims: { sub?: unknown; ver?: unknown; exp?: unknown },
): Promise<AuthenticatedUser> {
  if (typeof claims?.sub !== 'string') throw new UnauthorizedException('Invalid token');
  if (typeof claims.exp !== 'number') throw new UnauthorizedException(NO_EXPIRY);
  const user = await users.findTokenSubject(claims.sub);
  const refusal = tokenRefusal(claims, user);
  if (refusal) throw new UnauthorizedException(refusal);
  return { id: user!.id, email: user!.email, role: user!.role };
}
