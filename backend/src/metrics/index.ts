// The metrics feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { AppMetrics, type DeliveryOutcome, type IngestRefusal, type OpenIncidentCount } from './app-metrics';
export { registerHttpRequestMetrics } from './http-request-metrics';
export { MetricsModule } from './metrics.module';
