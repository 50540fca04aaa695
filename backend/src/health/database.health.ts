import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly indicator: HealthIndicatorService,
  ) {}

  async isReachable(key = 'database') {
    const session = this.indicator.check(key);
    const started = Date.now();
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref()),
      ]);
      return session.up({ latency_ms: Date.now() - started });
    } catch (error) {
      // The reason stays in the server log; the probe only needs up or down.
      return session.down({ reason: error instanceof Error && error.message === 'timed out' ? 'timeout' : 'unreachable' });
    }
  }
}
