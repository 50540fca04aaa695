import { HttpException, HttpStatus, Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { launchPatternWorker } from './pattern-worker-launcher';
import { PatternWorker } from './pattern-worker';

/**
 * A worker's heap: the miner keeps at most 1,000 templates and a 5,000-message token cache,
 * far below this; the limit only stops a fault from growing the process without bound.
 */
const WORKER_HEAP_MB = 256;
/** A worker silent this long past the job's budget is taken for hung and replaced. */
const REPLY_GRACE_MS = 10_000;

/**
 * Runs pattern analyses in worker threads, at most ANALYSIS_PATTERNS_CONCURRENCY at once.
 * Drain is CPU-bound: on the event loop, four calls over 100k varied logs held /health for
 * seconds and ingest past its write timeout. In a worker only the scan's I/O stays on the
 * loop. Callers beyond the limit get 429 at once rather than queueing: an analysis lasts up
 * to its budget, a queue would only move the wait into open connections. Workers are kept
 * between calls (starting one costs tens of ms) and replaced when one breaks.
 */
@Injectable()
export class PatternMiningPool implements OnModuleDestroy {
  private readonly idle: PatternWorker[] = [];
  private readonly all = new Set<PatternWorker>();
  private running = 0;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Runs `job` with a worker of its own; 429 with Retry-After when every slot is taken. */
  async run<T>(job: (worker: PatternWorker) => Promise<T>): Promise<T> {
    const { patternsConcurrency, patternsTimeBudgetMs } = this.config.analysis;
    if (this.running >= patternsConcurrency || this.closed) {
      const retryAfterSeconds = Math.max(1, Math.ceil(patternsTimeBudgetMs / 1000));
      throw new HttpException(
        {
          message: `${patternsConcurrency} pattern analyses are already running; try again in ${retryAfterSeconds} s`,
          retryAfterSeconds,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.running++;
    const worker = this.idle.pop() ?? this.launch(patternsTimeBudgetMs);
    let reusable = false;
    try {
      const result = await job(worker);
      reusable = !worker.broken && !this.closed;
      return result;
    } finally {
      this.running--;
      // A failed job may have left the worker mid-analysis: a fresh one is cheaper than doubt.
      if (reusable) this.idle.push(worker);
      else this.retire(worker);
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    await Promise.all([...this.all].map((worker) => this.retire(worker)));
  }

  private launch(budgetMs: number): PatternWorker {
    const worker = new PatternWorker(launchPatternWorker({ maxOldGenerationSizeMb: WORKER_HEAP_MB }), budgetMs + REPLY_GRACE_MS);
    this.all.add(worker);
    return worker;
  }

  private async retire(worker: PatternWorker): Promise<void> {
    this.all.delete(worker);
    await worker.terminate().catch(() => undefined);
  }
}
