import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { PrismaService } from '../database/prisma.service';
import type { DetectionRule, Prisma } from '../generated/prisma/client';

/** The error rules a fresh installation starts with: their kind-specific settings. */
export interface DefaultRuleSettings {
  threshold: number;
  windowSeconds: number;
  minBaselineMinutes: number;
  learningSeconds: number;
}

/** The detection_rules table. */
@Injectable()
export class DetectionRulesRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  list(): Promise<DetectionRule[]> {
    return this.prisma.detectionRule.findMany({ orderBy: [{ createdAt: 'asc' }, { name: 'asc' }] });
  }

  /** What the scheduler evaluates, oldest first. */
  listEnabled(): Promise<DetectionRule[]> {
    return this.prisma.detectionRule.findMany({ where: { enabled: true }, orderBy: { createdAt: 'asc' } });
  }

  findById(id: string): Promise<DetectionRule | null> {
    return this.prisma.detectionRule.findUnique({ where: { id } });
  }

  create(data: Prisma.DetectionRuleCreateInput): Promise<DetectionRule> {
    return this.prisma.detectionRule.create({ data });
  }

  update(id: string, data: Prisma.DetectionRuleUpdateInput): Promise<DetectionRule> {
    return this.prisma.detectionRule.update({ where: { id }, data });
  }

  async delete(id: string): Promise<void> {
    await this.prisma.detectionRule.deleteMany({ where: { id } });
  }

  /**
   * Throws PostgreSQL's error (SQLSTATE 2201B) when `pattern` is not a valid regular
   * expression in its dialect: the pattern runs in PostgreSQL (`~*`), so that is the one to ask.
   */
  async checkPattern(pattern: string): Promise<void> {
    await this.pool.query(`SELECT '' ~* $1`, [pattern]);
  }

  /**
   * Seeds the default rules when the table is empty; returns how many were inserted. The two
   * error rules are enabled; the ABSENCE ones are disabled examples (a dead man's switch needs
   * the name of a service that must keep logging, and the ingestion check would fire on a
   * machine left without logs): an admin enables them from Setup. So is the NEW_PATTERN one:
   * whether a new error template deserves an incident depends on how varied a team's messages are.
   * Safe with several instances starting together: one statement, unique names, ON CONFLICT DO NOTHING.
   */
  async seedDefaultsIfEmpty(settings: DefaultRuleSettings, now: Date): Promise<number> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO detection_rules (id, name, enabled, kind, level, service_id, window_seconds, threshold, baseline_minutes, z_score,
                                    min_count, min_baseline_minutes, severity, learning_seconds, created_at, updated_at)
       SELECT gen_random_uuid(), v.name, v.enabled, v.kind::"RuleKind", v.level::"LogLevel", v.service_id, v.window_seconds, v.threshold,
              v.baseline_minutes, v.z_score, v.min_count, v.min_baseline_minutes, v.severity::"Severity", v.learning_seconds, $1, $1
       FROM (VALUES
         ('High Error Rate', true, 'THRESHOLD', 'ERROR', NULL::text, $2::int, $3::int, NULL::int, NULL::float8, NULL::int, NULL::int, 'HIGH', NULL::int),
         ('Error Anomaly', true, 'ANOMALY', 'ERROR', NULL, 60, NULL, 30, 3, 5, $4::int, 'MEDIUM', NULL),
         ('Heartbeat missing (example)', false, 'ABSENCE', 'INFO', 'billing-cron', 300, NULL, NULL, NULL, 1, NULL, 'HIGH', NULL),
         ('Ingestion stopped', false, 'ABSENCE', 'DEBUG', NULL, 300, NULL, NULL, NULL, 1, NULL, 'CRITICAL', NULL),
         ('New error patterns (example)', false, 'NEW_PATTERN', 'ERROR', NULL, 60, NULL, NULL, NULL, NULL, NULL, 'MEDIUM', $5::int)
       ) AS v(name, enabled, kind, level, service_id, window_seconds, threshold, baseline_minutes, z_score, min_count,
              min_baseline_minutes, severity, learning_seconds)
       WHERE NOT EXISTS (SELECT 1 FROM detection_rules)
       ON CONFLICT (name) DO NOTHING`,
      [now, settings.windowSeconds, settings.threshold, settings.minBaselineMinutes, settings.learningSeconds],
    );
    return rowCount ?? 0;
  }
}
