import { PatternMiner } from '../pattern-miner';
import { topPatterns } from '../pattern-view';
import type { MinedPatterns, MiningRow } from './mining-protocol';

/** Rows mined between two looks at the clock: a look costs next to nothing, a row up to ~0.3 ms. */
const CLOCK_EVERY_ROWS = 64;

/**
 * One pattern analysis: Drain over the rows it is given, newest first, until its time budget
 * is spent. Mining is what costs (up to ~0.3 ms a log when many templates share a leaf of
 * Drain's tree); the budget turns that into a bounded time, at the price of answering from
 * the newest logs only.
 */
export class PatternMiningJob {
  private readonly miner = new PatternMiner();
  private readonly deadline: number;
  private outOfTime = false;

  constructor(
    budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + budgetMs;
  }

  get mined(): number {
    return this.miner.total;
  }

  /** Mines the rows while time remains; false once the budget is spent (later rows are ignored). */
  mine(rows: MiningRow[]): boolean {
    for (let i = 0; i < rows.length && !this.outOfTime; i++) {
      if (i % CLOCK_EVERY_ROWS === 0 && this.now() >= this.deadline) {
        this.outOfTime = true;
        break;
      }
      const [message, serviceId, level, timestampMs] = rows[i]!;
      this.miner.add({ message, serviceId, level, timestampMs });
    }
    return !this.outOfTime;
  }

  result(limit: number): MinedPatterns {
    return {
      mined: this.miner.total,
      outOfTime: this.outOfTime,
      totalTemplates: this.miner.templateCount,
      patterns: topPatterns(this.miner, limit),
      other: { count: this.miner.other.count, templatesEvicted: this.miner.other.templatesEvicted },
    };
  }
}
