// The audit trail's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export type { AuditEntry } from './audit-entry';
export { AuditModule } from './audit.module';
export { AuditRetentionService } from './audit-retention.service';
export { AuditTrail } from './audit-trail.service';
