import type { Logger } from '@nestjs/common';

/**
 * The run of a periodic maintenance job (cron on every instance; the work itself takes a
 * database lock): a tick that comes while the last run is still going is skipped, and a failure
 * is one warning, since the next tick tries again.
 */
export class PeriodicJob {
  private running = false;

  /** `what` and `retried` make the warning: "<what> failed, retried <retried>: <error>". */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
    private readonly retried: string,
  ) {}

  async run(work: () => Promise<unknown>): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await work();
    } catch (error) {
      this.logger.warn(`${this.what} failed, retried ${this.retried}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
