/**
 * What the analysis needs from the incidents feature: one more entry in an incident's paper
 * trail. Bound to IncidentsService (which has exactly this method) in AnalysisModule, so the
 * analysis does not depend on the rest of that service.
 */
export const INCIDENT_TIMELINE = Symbol('INCIDENT_TIMELINE');

export interface AnalysisTimelineEntry {
  type: string;
  /** `user:<id>` */
  actor: string;
  actorUserId?: string | null;
  body?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface IncidentTimeline {
  addTimelineEntry(incidentId: string, entry: AnalysisTimelineEntry): Promise<unknown>;
}
