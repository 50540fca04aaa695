import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EscalationRunner } from './escalation-runner';

/**
 * Every ESCALATION_TICK_MS, takes what has come due. The timers live in the database, so this
 * loop holds no state: after a restart (or on another instance) it picks up where it was.
 */
@Injectable()
export class EscalationScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EscalationScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private lastErrorLoggedAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly runner: EscalationRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.escalation.tickMs);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** A pass that starts after this call (tests await it after moving the clock). */
  async runNow(): Promise<void> {
    await this.running;
    await this.tick();
  }

  /** One pass (joined, not doubled, while the previous one runs). */
  private tick(): Promise<void> {
    this.running ??= this.runner
      .runDue()
      .then(() => undefined)
      .catch((error: unknown) => {
        // At most one line a minute while the database is away.
        if (Date.now() - this.lastErrorLoggedAt > 60_000) {
          this.lastErrorLoggedAt = Date.now();
          this.logger.error(`Escalation pass failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
