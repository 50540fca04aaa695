// The incidents feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { UnresolvedIncidentsDto } from './dto/incident-stats.dto';
export { DetectedIncidents, type DetectingRule } from './detected-incidents.service';
export type { EvidenceMatch } from './incident-evidence';
export { ExternalIncidents, type ExternalOpenRequest } from './external-incidents.service';
export { appendTimeline, appendTimelines, incidentEvent, ruleActor, type TimelineEntryInput } from './incident-journal';
export type { IncidentRow, IncidentSource } from './incident-row';
export { IncidentStorms, stormFingerprint } from './incident-storms';
export { IncidentTransitions } from './incident-transitions';
export { IncidentsModule } from './incidents.module';
export { IncidentStatsService, unresolvedSummary } from './incident-stats.service';
export { IncidentsRepository, type IncidentFacts, type LinkedExtent } from './incidents.repository';
export { IncidentsService } from './incidents.service';
