// The web-console feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { WebConsoleModule } from './web-console.module';
export { registerConsoleFiles } from './console-files';
export { registerContentSecurityPolicy } from './content-security-policy';
