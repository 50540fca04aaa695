// The ingestion feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { IngestionModule } from './ingestion.module';
export { LOGS_COMMITTED, type LogsCommittedEvent } from './logs-committed.event';
export { GroupCommitWriter } from './group-commit-writer';
export type { WritePathState } from './write-path-state';
export { IngestionService } from './ingestion.service';
