import { HttpException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { PatternMiningPool } from './pattern-mining-pool';
import type { PatternWorker } from './pattern-worker';

const config = (concurrency: number) => ({ analysis: { patternsConcurrency: concurrency, patternsTimeBudgetMs: 2500 } }) as AppConfig;

const deferred = () => {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
};

describe('the pattern mining pool', () => {
  let pool: PatternMiningPool;
  afterEach(() => pool?.onModuleDestroy());

  it('mines in a worker thread and answers the top templates', async () => {
    pool = new PatternMiningPool(config(1));
    const result = await pool.run(async (worker) => {
      await worker.start(5000);
      await worker.mine([
        ['User 42 logged in from 10.0.0.1', 'auth', 'INFO', 1000],
        ['User 7 logged in from 10.0.0.2', 'auth', 'INFO', 2000],
        ['Disk full on /var', 'storage', 'ERROR', 3000],
      ]);
      return worker.finish(10);
    });
    expect(result).toMatchObject({ mined: 3, outOfTime: false, totalTemplates: 2 });
    expect(result.patterns[0]).toMatchObject({ template: 'User <NUM> logged in from <IP>', count: 2, services: ['auth'] });
    expect(result.patterns[0]!.firstSeen).toEqual(new Date(1000));
  }, 30_000);

  it('refuses a call beyond its concurrency with 429 and a Retry-After of the budget, and takes calls again once one ends', async () => {
    pool = new PatternMiningPool(config(2));
    const hold = deferred();
    const running = [pool.run(() => hold.promise), pool.run(() => hold.promise)];
    const refused = await pool.run(async () => 'ran').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpException);
    expect((refused as HttpException).getStatus()).toBe(429);
    expect((refused as HttpException).getResponse()).toMatchObject({ retryAfterSeconds: 3 });
    hold.release();
    await Promise.all(running);
    await expect(pool.run(async () => 'ran')).resolves.toBe('ran');
  }, 30_000);

  it('keeps a worker between calls, and replaces one that broke', async () => {
    pool = new PatternMiningPool(config(1));
    const seen: PatternWorker[] = [];
    const use = () =>
      pool.run(async (worker) => {
        seen.push(worker);
        await worker.start(1000);
        return worker.finish(1);
      });
    await use();
    await use();
    expect(seen[1]).toBe(seen[0]);
    await expect(
      pool.run(async (worker) => {
        await worker.terminate();
        return worker.finish(1);
      }),
    ).rejects.toThrow(/terminated/);
    await use();
    expect(seen[2]).not.toBe(seen[0]);
  }, 30_000);
});
