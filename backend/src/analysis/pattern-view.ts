import type { PatternView } from './analysis.types';
import type { PatternMiner, PatternStats } from './pattern-miner';

const byCountDescending = (map: Map<string, number>): string[] =>
  [...map.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([key]) => key);

export function toPatternView(stats: PatternStats): PatternView {
  return {
    template: stats.template,
    count: stats.count,
    firstSeen: new Date(stats.firstSeenMs),
    lastSeen: new Date(stats.lastSeenMs),
    example: stats.example,
    services: byCountDescending(stats.services),
    levels: Object.fromEntries(stats.levels),
  };
}

export const topPatterns = (miner: PatternMiner, limit: number): PatternView[] => miner.top(limit).map(toPatternView);
