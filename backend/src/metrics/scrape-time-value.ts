/**
 * A value read from the database when Prometheus scrapes (open incidents, outbox lag), made
 * cheap whatever the scrape rate: one read in flight at a time, its result kept for `ttlMs`,
 * and a read slower than `timeoutMs` abandoned (the last known value is served meanwhile,
 * so a slow database never makes a scrape slow). `undefined` until a first read succeeds.
 */
export class ScrapeTimeValue<T> {
  private value: T | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly read: () => Promise<T>,
    private readonly options: { ttlMs: number; timeoutMs: number; onError: (error: unknown) => void; now?: () => number },
  ) {}

  async current(): Promise<T | undefined> {
    const now = this.options.now?.() ?? Date.now();
    if (now - this.readAt < this.options.ttlMs) return this.value;
    this.pending ??= this.refresh(now).finally(() => (this.pending = undefined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.timeoutMs)));
    await Promise.race([this.pending, timeout]);
    clearTimeout(timer);
    return this.value;
  }

  private async refresh(now: number): Promise<void> {
    try {
      this.value = await this.read();
    } catch (error) {
      this.options.onError(error);
    }
    // A failed read is retried after the same pause: a database in trouble is not asked more often.
    this.readAt = now;
  }
}
