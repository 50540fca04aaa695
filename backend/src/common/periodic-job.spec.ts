import type { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
  beforeEach(() => (warnings.length = 0));

  it('skips a tick while the last run is still going, and runs again once it is over', async () => {
    const job = new PeriodicJob(logger, 'log maintenance', 'next hour');
    let runs = 0;
    let finish!: () => void;
    const first = job.run(() => new Promise<void>((resolve) => ((runs += 1), (finish = resolve))));
    await job.run(async () => void (runs += 1));
    expect(runs).toBe(1);
    finish();
    await first;
    await job.run(async () => void (runs += 1));
    expect(runs).toBe(2);
  });

  it('turns a failure into one warning naming the job and when it is retried', async () => {
    const job = new PeriodicJob(logger, 'audit retention', 'tomorrow');
    await job.run(async () => {
      throw new Error('connection refused');
    });
    expect(warnings).toEqual(['audit retention failed, retried tomorrow: connection refused']);
    await job.run(async () => undefined);
    expect(warnings).toHaveLength(1);
  });
});
