// The users feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// The users table is read and written through UsersService only.
export { IsNormalisedEmail } from './dto/email';
export { UserResponse } from './dto/user.response';
export { PasswordHasher } from './password-hasher.service';
export { verifyPassword } from './password-hashing';
export type { SsoUser, TokenIdentity, TokenSubject, UserCredentials } from './users.repository';
export { UsersModule } from './users.module';
export { UsersService } from './users.service';
