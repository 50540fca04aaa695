import { ApiProperty } from '@nestjs/swagger';
import { Role } from '../../generated/prisma/enums';

/** The columns a client may see. Kept as a select so the hash never leaves the database. */
export const PUBLIC_USER_COLUMNS = { id: true, email: true, role: true, active: true, createdAt: true, updatedAt: true } as const;

export interface PublicUser {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class UserResponse {
  @ApiProperty({ example: '5b1f3c2e-8d4a-4f7b-9c61-2a0e4b7d9f13', format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'alice@example.com' })
  email!: string;

  @ApiProperty({ enum: Role, example: Role.RESPONDER })
  role!: Role;

  @ApiProperty({ example: true, description: 'false: deactivated (kept for the paper trail)' })
  active!: boolean;

  @ApiProperty({ example: '2025-11-25T21:10:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2025-11-25T21:10:00.000Z' })
  updated_at!: string;

  static from(user: PublicUser): UserResponse {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      active: user.active,
      created_at: user.createdAt.toISOString(),
      updated_at: user.updatedAt.toISOString(),
    };
  }
}
