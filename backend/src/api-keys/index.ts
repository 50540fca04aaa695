// The api-keys feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { ApiKeysModule } from './api-keys.module';
export { ApiKeysService } from './api-keys.service';
export { API_KEY_PREFIX } from './api-key-secret';
export { assertKeyMayWriteFor } from './key-binding';
