// The silences feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// SilencesService.heldAmong(client, incident facts, at) -> incident id -> silence id: escalation's hold port.
export { SilencesModule } from './silences.module';
export { SilencesService } from './silences.service';
