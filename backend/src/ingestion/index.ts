// The ingestion feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
export { IngestionModule } from './ingestion.module';
export { LOGS_COMMITTED, type LogsCommittedEvent } from './logs-committed.event';
export { IngestionService } from './ingestion.service';
