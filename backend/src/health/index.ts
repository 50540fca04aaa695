// The health feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { HealthModule } from './health.module';
