import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LOGS_COMMITTED, type LogsCommittedEvent } from '../ingestion';
import { levelRank } from '../common/log-levels';
import { AppMetrics } from '../metrics';
import { DetectionRulesRepository } from './detection-rules.repository';
import { RuleEvaluator } from './rule-evaluator';

const INTERVAL_NAME = 'detection';
// A database outage would otherwise log one warning per tick.
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Runs every enabled rule every DETECTION_INTERVAL_MS, and at once when ingest commits logs
 * that some rule counts. Runs never overlap: a request during a run schedules exactly one
 * more run after it, so a burst of commits costs at most two evaluations.
 */
@Injectable()
export class DetectionScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Detection');
  private running: Promise<void> | undefined;
  private runAgain = false;
  private stopped = false;
  /** Rank of the lowest level an enabled rule counts; undefined until rules are loaded (or changed). */
  private lowestRuleLevel: number | undefined;
  private lastFailure: { message: string; at: number } | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly rules: DetectionRulesRepository,
    private readonly evaluator: RuleEvaluator,
    private readonly metrics: AppMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.requestRun(), this.config.detection.intervalMs);
    this.registry.addInterval(INTERVAL_NAME, timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  @OnEvent(LOGS_COMMITTED)
  onLogsCommitted(event: LogsCommittedEvent): void {
    if (this.lowestRuleLevel !== undefined && levelRank(event.maxLevel) < this.lowestRuleLevel) return;
    void this.requestRun();
  }

  /** Rules changed through the API: evaluate now, and stop trusting the cached lowest level. */
  rulesChanged(): void {
    this.lowestRuleLevel = undefined;
    void this.requestRun();
  }

  /** Resolves when a run that started after this call has finished. */
  requestRun(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.runAgain = true;
      return this.running;
    }
    this.running = this.runUntilSettled().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runUntilSettled(): Promise<void> {
    do {
      this.runAgain = false;
      const started = performance.now();
      await this.evaluateAll();
      this.metrics.recordDetectionRun((performance.now() - started) / 1000);
    } while (this.runAgain && !this.stopped);
  }

  private async evaluateAll(): Promise<void> {
    let rules;
    try {
      rules = await this.rules.listEnabled();
    } catch (error) {
      this.reportFailure('loading detection rules', error);
      return;
    }
    this.lowestRuleLevel = rules.length ? Math.min(...rules.map((rule) => levelRank(rule.level))) : Number.POSITIVE_INFINITY;
    for (const rule of rules) {
      if (this.stopped) return;
      try {
        const outcome = await this.evaluator.evaluate(rule);
        if (outcome.opened || outcome.resolved || outcome.grouped) {
          const grouped = outcome.grouped ? `, ${outcome.grouped} crossing service(s) grouped into its incident storm` : '';
          this.logger.log(`rule "${rule.name}": ${outcome.opened} incident(s) opened${grouped}, ${outcome.resolved} auto-resolved`);
        }
      } catch (error) {
        // One failing rule (or a database hiccup) must not stop the others or the schedule.
        this.reportFailure(`evaluating rule "${rule.name}"`, error);
      }
    }
  }

  private reportFailure(what: string, error: unknown): void {
    const message = `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
    const now = Date.now();
    if (this.lastFailure?.message === message && now - this.lastFailure.at < FAILURE_LOG_INTERVAL_MS) return;
    this.lastFailure = { message, at: now };
    this.logger.warn(message);
  }
}
