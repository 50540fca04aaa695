import { PatternMiningJob } from './mining-job';
import type { MiningRow } from './mining-protocol';

const rows = (count: number, at = 0): MiningRow[] =>
  Array.from({ length: count }, (_, i) => [`Payment gateway timeout after ${1000 + i}ms for tx_${i}`, 'payments', 'ERROR', at + i]);

describe('a pattern mining job', () => {
  it('mines every row it is given while within its budget', () => {
    const job = new PatternMiningJob(1000, () => 0);
    expect(job.mine(rows(300))).toBe(true);
    expect(job.mine(rows(200, 300))).toBe(true);
    const result = job.result(10);
    expect(result).toMatchObject({ mined: 500, outOfTime: false, totalTemplates: 1 });
    expect(result.patterns[0]).toMatchObject({ template: 'Payment gateway timeout after <DURATION> for tx_<NUM>', count: 500 });
  });

  it('stops at the deadline, even within a chunk, and ignores what comes after', () => {
    let now = 0;
    const job = new PatternMiningJob(100, () => now);
    expect(job.mine(rows(64))).toBe(true);
    now = 100;
    expect(job.mine(rows(1000))).toBe(false);
    expect(job.mine(rows(1000))).toBe(false);
    expect(job.result(10)).toMatchObject({ mined: 64, outOfTime: true });
  });

  it('looks at the clock within a long chunk', () => {
    let calls = 0;
    // The clock passes the deadline on its third look: rows before it are mined, none after.
    const job = new PatternMiningJob(100, () => (calls++ < 3 ? 0 : 1000));
    expect(job.mine(rows(5000))).toBe(false);
    expect(job.mined).toBe(128);
  });
});
