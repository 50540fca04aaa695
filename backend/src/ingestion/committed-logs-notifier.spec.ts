import type { Pool } from 'pg';
import { CommittedLogsNotifier, NOTIFY_INTERVAL_MS } from './committed-logs-notifier';
import { parsePointer, type CommittedLogsPointer } from '../logs';

/** A pool whose queries wait until the test lets them finish. */
class SlowPool {
  readonly payloads: string[] = [];
  readonly sentAt: number[] = [];
  private release: (() => void)[] = [];
  fail = false;

  query(_text: string, values: [string, string]): Promise<void> {
    this.payloads.push(values[1]);
    this.sentAt.push(Date.now());
    return new Promise((resolve, reject) => this.release.push(() => (this.fail ? reject(new Error('down')) : resolve())));
  }

  finishAll(): void {
    const release = this.release;
    this.release = [];
    release.forEach((finish) => finish());
  }
}

const commit = (first: number, last: number): CommittedLogsPointer => ({
  firstId: String(first),
  lastId: String(last),
  fromMs: first,
  toMs: last,
  count: last - first + 1,
});
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CommittedLogsNotifier', () => {
  it('sends the first NOTIFY at once, then one at a time, at most one per interval, merging the commits that finish meanwhile', async () => {
    const pool = new SlowPool();
    const notifier = new CommittedLogsNotifier(pool as unknown as Pool);
    notifier.committed(commit(1, 10));
    notifier.committed(commit(11, 20));
    notifier.committed(commit(21, 30));
    expect(pool.payloads.map((p) => parsePointer(p))).toEqual([commit(1, 10)]);
    pool.finishAll();
    while (pool.payloads.length < 2) await after(1);
    expect(pool.payloads.map((p) => parsePointer(p))).toEqual([commit(1, 10), { ...commit(11, 30), count: 20 }]);
    // A lower bound only: a loaded machine may take longer, never shorter.
    expect(pool.sentAt[1]! - pool.sentAt[0]!).toBeGreaterThanOrEqual(NOTIFY_INTERVAL_MS - 1);
    pool.finishAll();
    await notifier.idle();
    expect(pool.payloads).toHaveLength(2);
  });

  it('carries on after a failed NOTIFY (logs stay stored; only live tails miss them)', async () => {
    const pool = new SlowPool();
    const notifier = new CommittedLogsNotifier(pool as unknown as Pool);
    pool.fail = true;
    notifier.committed(commit(1, 10));
    pool.finishAll();
    await notifier.idle();
    pool.fail = false;
    notifier.committed(commit(11, 20));
    while (pool.payloads.length < 2) await after(1);
    pool.finishAll();
    await notifier.idle();
    expect(pool.payloads.map((p) => parsePointer(p)?.firstId)).toEqual(['1', '11']);
  });
});
