import type { IncidentFacts } from '../incidents';

/** What the analysis computes, before it is shaped into response DTOs. */

export interface PatternView {
  template: string;
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  example: string;
  /** Most frequent first. */
  services: string[];
  levels: Record<string, number>;
}

export interface OtherPatterns {
  count: number;
  templatesEvicted: number;
}

export interface RisingPattern {
  template: string;
  incidentCount: number;
  baselineCount: number;
  incidentRatePerMinute: number;
  baselineRatePerMinute: number;
  /** Rate in the incident over rate in the hour before, both counts smoothed by +1. */
  ratio: number;
}

export interface TimeBucket {
  start: Date;
  /** Logs of the incident's services in the bucket, any level. */
  total: number;
  /** Of which ERROR or FATAL. */
  errors: number;
  /** Logs linked to the incident. */
  linked: number;
}

export type { IncidentFacts };

export interface FirstError {
  logId: string;
  timestamp: Date;
  serviceId: string;
  level: string;
  message: string;
  template: string;
}

export interface IncidentAnalysis {
  incident: IncidentFacts;
  linkedLogs: { total: number; analysed: number; truncated: boolean };
  services: Array<{ serviceId: string; count: number }>;
  patterns: PatternView[];
  other: OtherPatterns;
  timeline: { from: Date; to: Date; bucketSeconds: number; buckets: TimeBucket[] };
  firstError: FirstError | null;
  rising: RisingPattern[];
  baseline: { from: Date; to: Date; analysed: number; truncated: boolean };
  analysedInMs: number;
}

/** Why a pattern analysis left logs of its window out: too many of them, or out of time. */
export const TRUNCATION_REASONS = ['max_logs', 'time_budget'] as const;
export type TruncationReason = (typeof TRUNCATION_REASONS)[number];

export interface LogPatterns {
  from: Date;
  to: Date;
  scanned: number;
  truncated: boolean;
  truncatedBy: TruncationReason | null;
  totalTemplates: number;
  patterns: PatternView[];
  other: OtherPatterns;
}
