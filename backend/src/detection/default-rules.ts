import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DetectionRulesRepository } from './detection-rules.repository';
import { DEFAULT_LEARNING_SECONDS, DEFAULT_MIN_BASELINE_MINUTES } from './rule-validation';

/**
 * Seeds the default rules when the rule table is empty, i.e. at the first start. A later
 * start never brings back a rule an admin deleted (disable a rule to silence it). Runs in
 * onModuleInit, before the scheduler's first tick (onApplicationBootstrap).
 */
@Injectable()
export class DefaultRules implements OnModuleInit {
  private readonly logger = new Logger('Detection');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rules: DetectionRulesRepository,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    const { threshold, windowSeconds } = this.config.detection;
    const rowCount = await this.rules.seedDefaultsIfEmpty(
      { threshold, windowSeconds, minBaselineMinutes: DEFAULT_MIN_BASELINE_MINUTES, learningSeconds: DEFAULT_LEARNING_SECONDS },
      this.clock.now(),
    );
    if (rowCount) this.logger.log(`seeded ${rowCount} default detection rule(s)`);
  }
}
