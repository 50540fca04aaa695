import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { SilenceReleaseService } from './silence-release.service';

const INTERVAL_NAME = 'silence-release';
// A database outage would otherwise log one warning per round.
const FAILURE_LOG_INTERVAL_MS = 60_000;

/**
 * Every SILENCE_RELEASE_INTERVAL_MS on every instance; rounds on one instance never overlap,
 * and instances share the work through row locks (SilenceReleaseService), so nothing is
 * done twice and a crashed instance leaves nothing behind: the next round anywhere takes it.
 */
@Injectable()
export class SilenceReleaseScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Silences');
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastFailureAt = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly release: SilenceReleaseService,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(
      INTERVAL_NAME,
      setInterval(() => void this.requestRound(), this.config.silences.releaseIntervalMs),
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', INTERVAL_NAME)) this.registry.deleteInterval(INTERVAL_NAME);
    await this.running;
  }

  /** A round now, unless one is running (then that one). */
  requestRound(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.round().finally(() => (this.running = undefined));
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      const report = await this.release.runRound();
      if (report.notified || report.dropped) {
        this.logger.log(`silences ended: ${report.notified} held incident(s) notified, ${report.dropped} no longer needing it`);
      }
    } catch (error) {
      if (Date.now() - this.lastFailureAt < FAILURE_LOG_INTERVAL_MS) return;
      this.lastFailureAt = Date.now();
      this.logger.warn(`silence round failed, retried next round: ${(error as Error).message}`);
    }
  }
}
