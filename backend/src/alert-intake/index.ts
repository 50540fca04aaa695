// The alert-intake feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { AlertIntakeModule } from './alert-intake.module';
