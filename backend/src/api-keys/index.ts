// The api-keys feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { ApiKeysModule } from './api-keys.module';
export { ApiKeysService } from './api-keys.service';
export { assertKeyMayWriteFor } from './key-binding';
