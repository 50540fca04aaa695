import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { LogCountCompactionService } from './log-count-compaction.service';
import { LogMaintenanceScheduler } from './log-maintenance.scheduler';
import type { LogPartitionsService } from './log-partitions.service';
import type { LogRetentionService } from './log-retention.service';

describe('LogMaintenanceScheduler compaction', () => {
  /** What the next compactions do: fail with the error, or succeed (undefined). */
  let outcomes: (Error | undefined)[];
  /** When set, compactions wait for it before they finish. */
  let gate: Promise<void> | undefined;
  let calls: number;
  let scheduler: LogMaintenanceScheduler;
  let warn: ReturnType<typeof jest.spyOn>;

  beforeEach(() => {
    outcomes = [];
    gate = undefined;
    calls = 0;
    const compactor = {
      compact: async () => {
        calls++;
        await gate;
        const outcome = outcomes.shift();
        if (outcome) throw outcome;
        return { ran: true, keys: 0, rows: 0 };
      },
    } as unknown as LogCountCompactionService;
    scheduler = new LogMaintenanceScheduler({} as LogPartitionsService, {} as LogRetentionService, compactor);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('warns once while the database stays down, and again when it fails anew after recovering', async () => {
    const down = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    outcomes.push(down, down, down, undefined, down);
    for (let i = 0; i < 5; i++) await scheduler.compactCounts();
    expect(calls).toBe(5);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]![0])).toMatch(/ECONNREFUSED/);
  });

  it('never runs two compactions at once, and starts none once shutdown began', async () => {
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));
    const first = scheduler.compactCounts();
    const second = scheduler.compactCounts();
    expect(calls).toBe(1);
    let stopped = false;
    const stopping = scheduler.onModuleDestroy().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    open();
    await Promise.all([first, second, stopping]);
    await scheduler.compactCounts();
    expect(calls).toBe(1);
  });
});
