// The logs feature's public face: what other folders may import (see eslint/feature-boundaries.mjs).
// The logs feature owns the SQL on `logs` and `services`: others read and write through these.
export { COMMITTED_LOGS_CHANNEL, formatPointer, mergePointers, parsePointer, type CommittedLogsPointer } from './committed-logs-pointer';
export type { InsertedIdRange, LogRow, ServiceSighting } from './log-batch-insert';
export { LogScansRepository, type LogScanFilter, type ScannedLog } from './log-scans.repository';
export { LogsAfterCursorRepository, type CursorLog } from './logs-after-cursor.repository';
export { LogsModule } from './logs.module';
export { LogsRepository } from './logs.repository';
export {
  MatchingLogsRepository,
  MAX_GROUP_VALUE_LENGTH,
  type GroupCount,
  type LogCriteria,
  type MetadataGroup,
} from './matching-logs.repository';
export { RuleHistoryRepository, type MatchedLog, type MinuteSeries } from './rule-history.repository';
