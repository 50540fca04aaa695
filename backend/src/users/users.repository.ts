import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';
import type { Role } from '../generated/prisma/enums';
import { adminGuardrailProblem } from './admin-guardrail';
import { PUBLIC_USER_COLUMNS, type PublicUser } from './dto/user.response';

export interface UserChanges {
  role?: Role;
  active?: boolean;
  passwordHash?: string;
  /** Bump token_version: every JWT issued so far is refused from now on. */
  revokeTokens?: boolean;
}

export interface UserCredentials {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  /** Null: the person signs in through SSO only. */
  passwordHash: string | null;
  /** Goes into the JWTs issued to this user (claim `ver`). */
  tokenVersion: number;
}

/** The user behind a token, as every token check reads it (see auth's tokenRefusal). */
export type TokenSubject = Pick<UserCredentials, 'id' | 'email' | 'role' | 'active' | 'tokenVersion'>;

/** What a new token is made of. */
export type TokenIdentity = Pick<UserCredentials, 'id' | 'email' | 'role' | 'tokenVersion'>;

const CREDENTIAL_COLUMNS = { id: true, email: true, role: true, active: true, passwordHash: true, tokenVersion: true } as const;
const SSO_USER_COLUMNS = { id: true, email: true, role: true, active: true, tokenVersion: true, ssoSubject: true } as const;

/** A user as SSO sign-in sees it. */
export type SsoUser = TokenSubject & { ssoSubject: string | null };
const TOKEN_SUBJECT_COLUMNS = { id: true, email: true, role: true, active: true, tokenVersion: true } as const;

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Throws ConflictException when the (lower-cased) email is taken. */
  async create(data: { email: string; passwordHash: string | null; role: Role; ssoSubject?: string }): Promise<PublicUser> {
    try {
      return await this.prisma.user.create({ data, select: PUBLIC_USER_COLUMNS });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A user with email ${data.email} already exists`);
      throw error;
    }
  }

  list(): Promise<PublicUser[]> {
    return this.prisma.user.findMany({ select: PUBLIC_USER_COLUMNS, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  findById(id: string): Promise<PublicUser | null> {
    return this.prisma.user.findUnique({ where: { id }, select: PUBLIC_USER_COLUMNS });
  }

  findBySsoSubject(ssoSubject: string): Promise<SsoUser | null> {
    return this.prisma.user.findUnique({ where: { ssoSubject }, select: SSO_USER_COLUMNS });
  }

  findSsoUserByEmail(email: string): Promise<SsoUser | null> {
    return this.prisma.user.findUnique({ where: { email }, select: SSO_USER_COLUMNS });
  }

  /** Links an existing account to an SSO identity, only while it has none (no silent re-linking). */
  async linkSsoSubject(id: string, ssoSubject: string): Promise<boolean> {
    const { count } = await this.prisma.user.updateMany({ where: { id, ssoSubject: null }, data: { ssoSubject } });
    return count === 1;
  }

  countAll(): Promise<number> {
    return this.prisma.user.count();
  }

  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.prisma.user.findUnique({ where: { email }, select: CREDENTIAL_COLUMNS });
  }

  findCredentialsById(id: string): Promise<UserCredentials | null> {
    return this.prisma.user.findUnique({ where: { id }, select: CREDENTIAL_COLUMNS });
  }

  /** Read on every JWT-authenticated request. */
  findTokenSubject(id: string): Promise<TokenSubject | null> {
    return this.prisma.user.findUnique({ where: { id }, select: TOKEN_SUBJECT_COLUMNS });
  }

  findTokenSubjects(ids: string[]): Promise<TokenSubject[]> {
    return this.prisma.user.findMany({ where: { id: { in: ids } }, select: TOKEN_SUBJECT_COLUMNS });
  }

  /**
   * Replaces the hash and revokes every token issued so far, in one UPDATE; returns what the
   * replacement token is made of (the version after this change).
   */
  replacePasswordHash(id: string, passwordHash: string): Promise<TokenIdentity> {
    return this.prisma.user.update({
      where: { id },
      data: { passwordHash, tokenVersion: { increment: 1 } },
      select: { id: true, email: true, role: true, tokenVersion: true },
    });
  }

  /**
   * Applies the change unless it would remove the last active ADMIN or demote/deactivate the
   * acting admin (409). The active admins are locked first, so concurrent changes to admins
   * are serialised and the check sees the committed state.
   */
  updateKeepingAnAdmin(actorId: string, targetId: string, changes: UserChanges): Promise<PublicUser> {
    return this.prisma.$transaction(async (tx) => {
      const admins = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM users WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE`;
      const target = await tx.user.findUnique({ where: { id: targetId }, select: { id: true, role: true, active: true } });
      if (!target) throw new NotFoundException(`User ${targetId} not found`);
      const problem = adminGuardrailProblem({
        actorId,
        target,
        change: { role: changes.role, active: changes.active },
        activeAdminIds: admins.map((admin) => admin.id),
      });
      if (problem) throw new ConflictException(problem);
      const { revokeTokens, ...columns } = changes;
      return tx.user.update({
        where: { id: targetId },
        data: { ...columns, ...(revokeTokens ? { tokenVersion: { increment: 1 } } : {}) },
        select: PUBLIC_USER_COLUMNS,
      });
    });
  }
}
