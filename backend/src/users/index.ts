// The users feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// The users table is read and written through UsersService only.
export { IsNormalisedEmail } from './dto/email';
export { UserResponse } from './dto/user.response';
export { verifyPassword } from './password-hashing';
export { IsAcceptablePassword, PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from './password-policy';
export type { TokenIdentity, TokenSubject, UserCredentials } from './users.repository';
export { UsersModule } from './users.module';
export { UsersService } from './users.service';
