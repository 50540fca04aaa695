import type { OtherPatterns, PatternView } from '../analysis.types';

/** A log as sent to the worker: [message, service_id, level, timestamp in epoch ms]. */
export type MiningRow = [message: string, serviceId: string, level: string, timestampMs: number];

/** What the templates of one analysis came to. */
export interface MinedPatterns {
  /** Logs mined (the newest ones, in the order they were sent). */
  mined: number;
  /** True when the time budget ran out before every log sent was mined. */
  outOfTime: boolean;
  totalTemplates: number;
  patterns: PatternView[];
  other: OtherPatterns;
}

/** Requests to a pattern worker; it answers each one, in order, with the reply of the same kind or an error. */
export type MiningRequest = { kind: 'start'; budgetMs: number } | { kind: 'mine'; rows: MiningRow[] } | { kind: 'finish'; limit: number };

export type MiningReply =
  | { kind: 'start' }
  | { kind: 'mine'; mined: number; outOfTime: boolean }
  | { kind: 'finish'; result: MinedPatterns }
  | { kind: 'error'; message: string };
