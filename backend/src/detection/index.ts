// The detection feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { DetectionModule } from './detection.module';
