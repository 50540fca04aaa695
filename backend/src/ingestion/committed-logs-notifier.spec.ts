import type { Pool } from 'pg';
import { CommittedLogsNotifier } from './committed-logs-notifier';
import { parsePointer, type CommittedLogsPointer } from './committed-logs-pointer';

/** A pool whose queries wait until the test lets them finish. */
class SlowPool {
  readonly payloads: string[] = [];
  private release: (() => void)[] = [];
  fail = false;

  query(_text: string, values: [string, string]): Promise<void> {
    this.payloads.push(values[1]);
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
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CommittedLogsNotifier', () => {
  it('sends one NOTIFY at a time and merges the commits that finish meanwhile into the next', async () => {
    const pool = new SlowPool();
    const notifier = new CommittedLogsNotifier(pool as unknown as Pool);
    notifier.committed(commit(1, 10));
    notifier.committed(commit(11, 20));
    notifier.committed(commit(21, 30));
    expect(pool.payloads.map((p) => parsePointer(p))).toEqual([commit(1, 10)]);
    pool.finishAll();
    await tick();
    expect(pool.payloads.map((p) => parsePointer(p))).toEqual([commit(1, 10), { ...commit(11, 30), count: 20 }]);
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
    pool.finishAll();
    await notifier.idle();
    expect(pool.payloads.map((p) => parsePointer(p)?.firstId)).toEqual(['1', '11']);
  });
});
