import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { withSessionLock } from '../database/pg-transaction';
import { AuditEventsRepository } from './audit-events.repository';

const RETENTION_LOCK_KEY = 0x61756474;
const BATCH = 5000;

/** Deletes audit entries older than AUDIT_RETENTION_DAYS, in short batches, on one instance at a time. */
@Injectable()
export class AuditRetentionService {
  private readonly logger = new Logger(AuditRetentionService.name);

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: AuditEventsRepository,
    private readonly clock: Clock,
  ) {}

  async applyRetention(): Promise<{ deleted: number }> {
    const before = new Date(this.clock.now().getTime() - this.config.audit.retentionDays * 86_400_000);
    let deleted = 0;
    await withSessionLock(this.pool, RETENTION_LOCK_KEY, async (client) => {
      for (;;) {
        const batch = await this.events.deleteOlderThan(client, before, BATCH);
        deleted += batch;
        if (batch < BATCH) break;
      }
    });
    if (deleted > 0) this.logger.log(`deleted ${deleted} audit entries older than ${before.toISOString()}`);
    return { deleted };
  }
}
