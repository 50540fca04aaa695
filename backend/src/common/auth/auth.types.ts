import type { Role } from '../../generated/prisma/enums';

/** The person behind a JWT, as loaded from the database on every request. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: Role;
}

/** The service behind an API key. `serviceId` null: the key may write for any service. */
export interface AuthenticatedApiKey {
  id: string;
  name: string;
  serviceId: string | null;
  /** API_KEY_SCOPES the key holds. */
  scopes: string[];
}

export interface JwtPayload {
  sub: string;
  email: string;
  /** Informational (for clients): authorisation reads the role from the database. */
  role: Role;
  /** The user's token_version at issue; the token is refused once it differs (revocation). */
  ver: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthenticatedUser;
    apiKey?: AuthenticatedApiKey;
  }
}
