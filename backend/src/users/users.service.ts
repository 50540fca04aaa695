import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { Role } from '../generated/prisma/enums';
import { AuditTrail } from '../audit';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { PublicUser } from './dto/user.response';
import { PasswordHasher } from './password-hasher.service';
import {
  UsersRepository,
  type SsoUser,
  type TokenIdentity,
  type TokenSubject,
  type UserChanges,
  type UserCredentials,
} from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditTrail,
  ) {}

  async create(input: CreateUserDto): Promise<PublicUser> {
    const user = await this.users.create({ email: input.email, role: input.role, passwordHash: await this.hasher.hash(input.password) });
    await this.audit.record({ action: 'user.created', targetType: 'user', targetId: user.id, after: auditedUser(user) });
    return user;
  }

  list(): Promise<PublicUser[]> {
    return this.users.list();
  }

  async get(id: string): Promise<PublicUser> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return user;
  }

  async update(actorId: string, id: string, input: UpdateUserDto): Promise<PublicUser> {
    if (input.role === undefined && input.active === undefined && input.password === undefined) {
      throw new BadRequestException('Nothing to change: send role, active and/or password');
    }
    // A reset password or a deactivation revokes the tokens already issued (a reactivated
    // user signs in again). A role change does not need to: the role is read from the
    // database on every request, so existing tokens get the new role at once.
    const changes: UserChanges = { role: input.role, active: input.active, revokeTokens: input.active === false };
    if (input.password !== undefined) {
      changes.passwordHash = await this.hasher.hash(input.password);
      changes.revokeTokens = true;
    }
    const before = await this.get(id);
    const after = await this.users.updateKeepingAnAdmin(actorId, id, changes);
    await this.audit.record({
      action: userChangeAction(input),
      targetType: 'user',
      targetId: id,
      before: auditedUser(before),
      after: { ...auditedUser(after), ...(input.password !== undefined ? { password: 'reset' } : {}) },
    });
    return after;
  }

  /** The row stays (incidents and audit entries refer to it); only sign-in is taken away. */
  async deactivate(actorId: string, id: string): Promise<PublicUser> {
    const before = await this.get(id);
    const after = await this.users.updateKeepingAnAdmin(actorId, id, { active: false, revokeTokens: true });
    await this.audit.record({
      action: 'user.deactivated',
      targetType: 'user',
      targetId: id,
      before: auditedUser(before),
      after: auditedUser(after),
    });
    return after;
  }

  findBySsoSubject(ssoSubject: string): Promise<SsoUser | null> {
    return this.users.findBySsoSubject(ssoSubject);
  }

  findSsoUserByEmail(email: string): Promise<SsoUser | null> {
    return this.users.findSsoUserByEmail(email);
  }

  async linkSsoSubject(id: string, ssoSubject: string): Promise<boolean> {
    const linked = await this.users.linkSsoSubject(id, ssoSubject);
    if (linked)
      await this.audit.record({ action: 'user.sso_linked', targetType: 'user', targetId: id, after: { sso_subject: ssoSubject } });
    return linked;
  }

  /** A person's first SSO sign-in: an account without a local password. */
  async createFromSso(input: { email: string; role: Role; ssoSubject: string }): Promise<PublicUser> {
    const user = await this.users.create({ email: input.email, role: input.role, passwordHash: null, ssoSubject: input.ssoSubject });
    await this.audit.record({
      action: 'user.created',
      targetType: 'user',
      targetId: user.id,
      actor: { type: 'system', label: 'sso' },
      after: { ...auditedUser(user), sso_subject: input.ssoSubject },
    });
    return user;
  }

  /**
   * The role the identity provider's groups give, applied at sign-in. Refused (and the role
   * kept) when it would leave no active admin: the provider's groups are then worth a look.
   */
  async applySsoRole(id: string, role: Role): Promise<Role> {
    const before = await this.get(id);
    if (before.role === role) return role;
    const after = await this.users.updateKeepingAnAdmin('sso', id, { role }).catch((error: unknown) => {
      if (error instanceof ConflictException) return before;
      throw error;
    });
    if (after.role !== before.role) {
      await this.audit.record({
        action: 'user.role_changed',
        targetType: 'user',
        targetId: id,
        actor: { type: 'system', label: 'sso' },
        before: auditedUser(before),
        after: auditedUser(after),
      });
    }
    return after.role;
  }

  /** For authentication only: the one way a password hash leaves this module. */
  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.users.findCredentialsByEmail(email);
  }

  findCredentialsById(id: string): Promise<UserCredentials | null> {
    return this.users.findCredentialsById(id);
  }

  /** For token checks (HTTP requests, live streams): the user's role, active flag and token version. */
  findTokenSubject(id: string): Promise<TokenSubject | null> {
    return this.users.findTokenSubject(id);
  }

  /** The same for many users at once (the periodic re-check of open live streams). */
  findTokenSubjects(ids: string[]): Promise<TokenSubject[]> {
    return this.users.findTokenSubjects(ids);
  }

  /** Sets the password and revokes every token issued so far; returns what a replacement token is made of. */
  async changePassword(id: string, newPassword: string): Promise<TokenIdentity> {
    const identity = await this.users.replacePasswordHash(id, await this.hasher.hash(newPassword));
    await this.audit.record({ action: 'user.password_changed', targetType: 'user', targetId: id });
    return identity;
  }
}

const auditedUser = (user: PublicUser) => ({ email: user.email, role: user.role, active: user.active });

/** The most specific name for what an update did; `user.updated` when it did several things. */
function userChangeAction(input: UpdateUserDto): string {
  const done = [
    input.password !== undefined && 'user.password_reset',
    input.role !== undefined && 'user.role_changed',
    input.active === false && 'user.deactivated',
    input.active === true && 'user.reactivated',
  ].filter((action): action is string => action !== false);
  return done.length === 1 ? done[0]! : 'user.updated';
}
