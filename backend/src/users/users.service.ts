import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { CreateUserDto } from './dto/create-user.dto';
import type { UpdateUserDto } from './dto/update-user.dto';
import type { PublicUser } from './dto/user.response';
import { hashPassword } from './password-hashing';
import { UsersRepository, type UserChanges, type UserCredentials } from './users.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  async create(input: CreateUserDto): Promise<PublicUser> {
    return this.users.create({ email: input.email, role: input.role, passwordHash: await hashPassword(input.password) });
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
    const changes: UserChanges = { role: input.role, active: input.active };
    if (input.password !== undefined) changes.passwordHash = await hashPassword(input.password);
    return this.users.updateKeepingAnAdmin(actorId, id, changes);
  }

  /** The row stays (incidents and audit entries refer to it); only sign-in is taken away. */
  deactivate(actorId: string, id: string): Promise<PublicUser> {
    return this.users.updateKeepingAnAdmin(actorId, id, { active: false });
  }

  /** For authentication only: the one way a password hash leaves this module. */
  findCredentialsByEmail(email: string): Promise<UserCredentials | null> {
    return this.users.findCredentialsByEmail(email);
  }

  findCredentialsById(id: string): Promise<UserCredentials | null> {
    return this.users.findCredentialsById(id);
  }

  async changePassword(id: string, newPassword: string): Promise<void> {
    await this.users.setPasswordHash(id, await hashPassword(newPassword));
  }
}
