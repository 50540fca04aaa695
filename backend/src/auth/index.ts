// The auth feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// Decorators (@Public, @Roles, @ApiKeyAuth, @CurrentUser) and request types are in common/auth.
export { AuthModule } from './auth.module';
export { authenticateTokenSubject, tokenRefusal } from './token-subject';
export { credentialOf } from './session-cookie';
