import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { COMMITTED_LOGS_CHANNEL, formatPointer, mergePointers, type CommittedLogsPointer } from '../logs';

const WARN_EVERY_MS = 60_000;
/**
 * At most one NOTIFY per this long (the first after a pause goes at once): under load the
 * commits of 20 ms travel in one NOTIFY, which every listening instance then reads in one
 * query. Well inside the live tail's one-second budget.
 */
export const NOTIFY_INTERVAL_MS = 20;

/**
 * Tells every app instance (PostgreSQL NOTIFY) where the logs of a group commit are, once
 * they are committed, whether or not any instance has someone to show them to: it cannot
 * know, and a NOTIFY is cheap. Measured (journal): a NOTIFY in a transaction of its own
 * writes only a commit record and waits for no WAL flush, whereas a NOTIFY inside the
 * ingest statement would serialise the commits of all writers (PostgreSQL holds one
 * database-wide lock from a notifying transaction's pre-commit to its end).
 *
 * At most one NOTIFY is in flight, and at most one per NOTIFY_INTERVAL_MS: commits that
 * finish meanwhile are merged into the next one, so a busy ingest costs about 50 NOTIFYs a
 * second per instance, not one per batch. Sent after the requests were answered: it adds
 * nothing to their latency. Best effort: a lost NOTIFY means live tails miss those logs,
 * never that logs are lost.
 */
@Injectable()
export class CommittedLogsNotifier {
  private readonly logger = new Logger(CommittedLogsNotifier.name);
  private pending?: CommittedLogsPointer;
  private sending?: Promise<void>;
  private lastWarningAt = 0;
  private lastSentAt = 0;

  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  committed(pointer: CommittedLogsPointer): void {
    this.pending = this.pending ? mergePointers(this.pending, pointer) : pointer;
    this.sending ??= this.send().finally(() => (this.sending = undefined));
  }

  /** Resolves once nothing is waiting to be sent (before the pool closes at shutdown). */
  async idle(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async send(): Promise<void> {
    while (this.pending) {
      const wait = this.lastSentAt + NOTIFY_INTERVAL_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const pointer = this.pending;
      this.pending = undefined;
      this.lastSentAt = Date.now();
      try {
        await this.pool.query('SELECT pg_notify($1, $2)', [COMMITTED_LOGS_CHANNEL, formatPointer(pointer)]);
      } catch (error) {
        if (Date.now() - this.lastWarningAt < WARN_EVERY_MS) continue;
        this.lastWarningAt = Date.now();
        this.logger.warn(`live tails miss some logs: NOTIFY failed (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }
}
