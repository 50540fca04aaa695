// The silences feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// C3: SilencesService.heldBy(incidentId) -> { silenceId } | null.
export { SilencesModule } from './silences.module';
export { SilencesService } from './silences.service';
