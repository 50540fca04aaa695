import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PG_POOL } from '../database/pg-pool';
import { DEFAULT_MIN_BASELINE_MINUTES } from './rule-validation';

/**
 * Seeds the two default rules when the rule table is empty, i.e. at the first start. A later
 * start never brings back a rule an admin deleted (disable a rule to silence it). Safe with
 * several instances starting together: one statement, unique names, ON CONFLICT DO NOTHING.
 * Runs in onModuleInit, before the scheduler's first tick (onApplicationBootstrap).
 */
@Injectable()
export class DefaultRules implements OnModuleInit {
  private readonly logger = new Logger('Detection');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const { threshold, windowSeconds } = this.config.detection;
    const { rowCount } = await this.pool.query(
      `INSERT INTO detection_rules (id, name, enabled, kind, level, window_seconds, threshold, baseline_minutes, z_score,
                                    min_count, min_baseline_minutes, severity, created_at, updated_at)
       SELECT gen_random_uuid(), v.name, true, v.kind::"RuleKind", 'ERROR', v.window_seconds, v.threshold, v.baseline_minutes,
              v.z_score, v.min_count, v.min_baseline_minutes, v.severity::"Severity", $1, $1
       FROM (VALUES
         ('High Error Rate', 'THRESHOLD', $2::int, $3::int, NULL::int, NULL::float8, NULL::int, NULL::int, 'HIGH'),
         ('Error Anomaly', 'ANOMALY', 60, NULL, 30, 3, 5, $4::int, 'MEDIUM')
       ) AS v(name, kind, window_seconds, threshold, baseline_minutes, z_score, min_count, min_baseline_minutes, severity)
       WHERE NOT EXISTS (SELECT 1 FROM detection_rules)
       ON CONFLICT (name) DO NOTHING`,
      [this.clock.now(), windowSeconds, threshold, DEFAULT_MIN_BASELINE_MINUTES],
    );
    if (rowCount) this.logger.log(`seeded ${rowCount} default detection rule(s)`);
  }
}
