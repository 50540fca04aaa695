import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { GroupCommitWriter } from '../ingestion';

/**
 * The ingest write path: SELECT 1 answering says little about whether logs get stored (a
 * read-only or full database, a lock on the logs table). Down while the last group commit
 * failed and none succeeded since (for 10 s), or while logs wait past INGEST_WRITE_TIMEOUT_MS.
 */
@Injectable()
export class WritePathHealthIndicator {
  constructor(
    private readonly writer: GroupCommitWriter,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(key = 'write_path') {
    const session = this.indicator.check(key);
    const state = this.writer.writePath();
    return state.ok
      ? session.up({ backlog_logs: this.writer.backlog })
      : session.down({ reason: state.reason, backlog_logs: this.writer.backlog });
  }
}
