import type { Schemas } from '../api/client';

/** How each incident source is named on screen. */
const SOURCE_NAMES: Record<Schemas['IncidentDto']['source'], string> = {
  detection: 'Detection rule',
  manual: 'Opened by a person',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  pagerduty: 'PagerDuty event',
};

export const incidentSourceName = (source: Schemas['IncidentDto']['source']): string => SOURCE_NAMES[source] ?? source;
