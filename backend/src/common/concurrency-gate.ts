/** `first` waiters are let in before any `normal` one. */
export type GateLane = 'first' | 'normal';

export interface ConcurrencyGateOptions {
  /** Tasks running at once. */
  concurrency: number;
  /** Waiters per lane; one more is refused at once. */
  maxWaiting: number;
  /** A waiter not let in by then is refused. */
  maxWaitMs: number;
}

/** Refused by a ConcurrencyGate: nothing ran. */
export class GateBusyError extends Error {}

interface Waiter {
  enter: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs at most `concurrency` tasks at once; the others wait in two FIFO lanes, bounded in
 * number and in time, so overload turns into quick refusals instead of an ever longer queue.
 */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Record<GateLane, Waiter[]> = { first: [], normal: [] };

  constructor(private readonly options: ConcurrencyGateOptions) {}

  async run<T>(lane: GateLane, task: () => Promise<T>): Promise<T> {
    await this.enter(lane);
    try {
      return await task();
    } finally {
      this.leave();
    }
  }

  private enter(lane: GateLane): Promise<void> {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    const queue = this.waiting[lane];
    if (queue.length >= this.options.maxWaiting) return Promise.reject(new GateBusyError(`${queue.length} already waiting`));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        enter: () => resolve(),
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(new GateBusyError(`not let in within ${this.options.maxWaitMs} ms`));
        }, this.options.maxWaitMs),
      };
      // A waiter must not keep the process alive at shutdown.
      waiter.timer.unref();
      queue.push(waiter);
    });
  }

  // The slot goes straight to the next waiter (`running` unchanged), so a task arriving in
  // between cannot take it ahead of those already waiting.
  private leave(): void {
    const next = this.waiting.first.shift() ?? this.waiting.normal.shift();
    if (!next) {
      this.running--;
      return;
    }
    clearTimeout(next.timer);
    next.enter();
  }
}
