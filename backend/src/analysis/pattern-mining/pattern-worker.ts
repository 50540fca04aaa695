import type { Worker } from 'node:worker_threads';
import type { MinedPatterns, MiningReply, MiningRequest, MiningRow } from './mining-protocol';

type Reply<K extends MiningRequest['kind']> = Extract<MiningReply, { kind: K }>;

interface Pending {
  resolve: (reply: MiningReply) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The main thread's side of one worker thread: a request, then its reply (the worker answers
 * in order). A worker that errors, exits or stays silent past `replyTimeoutMs` is broken:
 * every pending request fails and the pool replaces it.
 */
export class PatternWorker {
  private readonly pending: Pending[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly worker: Worker,
    private readonly replyTimeoutMs: number,
  ) {
    worker.on('message', (reply: MiningReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`pattern worker exited (code ${code})`)));
    // An idle worker must not keep the process alive (tests, shutdown).
    worker.unref();
  }

  get broken(): boolean {
    return this.failure !== undefined;
  }

  async start(budgetMs: number): Promise<void> {
    await this.call<'start'>({ kind: 'start', budgetMs });
  }

  /** Mines the rows; false once the job's time budget is spent. */
  async mine(rows: MiningRow[]): Promise<boolean> {
    return !(await this.call<'mine'>({ kind: 'mine', rows })).outOfTime;
  }

  async finish(limit: number): Promise<MinedPatterns> {
    return (await this.call<'finish'>({ kind: 'finish', limit })).result;
  }

  async terminate(): Promise<void> {
    this.fail(new Error('pattern worker terminated'));
    await this.worker.terminate();
  }

  private call<K extends MiningRequest['kind']>(request: MiningRequest & { kind: K }): Promise<Reply<K>> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<MiningReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new Error(`pattern worker gave no answer within ${this.replyTimeoutMs} ms`));
        void this.worker.terminate();
      }, this.replyTimeoutMs);
      this.pending.push({ resolve, reject, timer });
      this.worker.postMessage(request);
    }).then((reply) => {
      if (reply.kind === 'error') throw new Error(`pattern worker: ${reply.message}`);
      if (reply.kind !== request.kind) throw new Error(`pattern worker answered ${reply.kind} to ${request.kind}`);
      return reply as Reply<K>;
    });
  }

  private settle(reply: MiningReply): void {
    const next = this.pending.shift();
    if (!next) return;
    clearTimeout(next.timer);
    next.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const { reject, timer } of this.pending.splice(0)) {
      clearTimeout(timer);
      reject(this.failure);
    }
  }
}
