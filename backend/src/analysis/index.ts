// The analysis feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { AnalysisModule } from './analysis.module';
export { tokenize } from './message-masking';
