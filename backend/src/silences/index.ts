// The silences feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// SilencesService.heldBy(incident facts) -> { silenceId } | null: escalation's hold port.
export { SilencesModule } from './silences.module';
export { SilencesService } from './silences.service';
