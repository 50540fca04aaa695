import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { withSessionLock } from '../database/pg-transaction';
import { OutboxRepository } from './outbox.repository';

/** Events per DELETE: each batch is its own short transaction (no long row locks, no WAL burst). */
const DELETE_BATCH = 1000;
// One run at a time across all app instances (pg_try_advisory_lock key: "outb").
const RETENTION_LOCK_KEY = 0x6f757462;
const DAY_MS = 86_400_000;

export interface OutboxRetentionReport {
  /** False when another instance was already running it. */
  ran: boolean;
  /** Finished notifications last touched before this were removed. */
  cutoff: string;
  deletedEvents: number;
  deletedDeliveries: number;
}

/**
 * NOTIFY_HISTORY_RETENTION_DAYS: outbox events and their deliveries would otherwise grow
 * forever. What is removed is history only (what GET /notification-channels/:id/deliveries
 * shows, and what an SSE client could replay with a Last-Event-ID that old); the incident
 * timeline keeps its notification_sent / notification_failed entries.
 */
@Injectable()
export class OutboxRetentionService {
  private readonly logger = new Logger(OutboxRetentionService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: OutboxRepository,
    private readonly clock: Clock,
  ) {}

  async applyRetention(now: Date = this.clock.now()): Promise<OutboxRetentionReport> {
    const cutoff = new Date(now.getTime() - this.config.notifications.historyRetentionDays * DAY_MS);
    const report: OutboxRetentionReport = { ran: false, cutoff: cutoff.toISOString(), deletedEvents: 0, deletedDeliveries: 0 };
    await withSessionLock(this.pool, RETENTION_LOCK_KEY, async (client) => {
      report.ran = true;
      for (;;) {
        const deleted = await this.repository.deleteFinishedBatch(client, cutoff, DELETE_BATCH);
        report.deletedEvents += deleted.events;
        report.deletedDeliveries += deleted.deliveries;
        if (deleted.events < DELETE_BATCH) break;
      }
    });
    if (report.deletedEvents) {
      this.logger.log(
        `notification history before ${report.cutoff}: deleted ${report.deletedEvents} outbox events and ${report.deletedDeliveries} deliveries`,
      );
    }
    return report;
  }
}
