import { DEFAULT_DRAIN_OPTIONS, Drain, type DrainOptions, type LogCluster, templateText } from './drain';
import { DEFAULT_MASKING_LIMITS, type MaskingLimits, tokenize } from './message-masking';

/** One log as the miner sees it (timestamps in epoch milliseconds: no Date per row). */
export interface MinableLog {
  message: string;
  serviceId: string;
  level: string;
  timestampMs: number;
}

export interface PatternStats {
  clusterId: number;
  template: string;
  count: number;
  firstSeenMs: number;
  lastSeenMs: number;
  /** The first message seen for the template (scans go newest first: the newest one). */
  example: string;
  /** Service id -> count, at most `maxServicesPerPattern` services. */
  services: Map<string, number>;
  levels: Map<string, number>;
}

/** Logs whose template was evicted to keep memory bounded. */
export interface OtherBucket {
  count: number;
  templatesEvicted: number;
  firstSeenMs: number | null;
  lastSeenMs: number | null;
}

export interface PatternMinerOptions {
  drain: Partial<DrainOptions>;
  masking: MaskingLimits;
  maxServicesPerPattern: number;
  maxExampleChars: number;
}

const DEFAULTS: PatternMinerOptions = {
  drain: DEFAULT_DRAIN_OPTIONS,
  masking: DEFAULT_MASKING_LIMITS,
  maxServicesPerPattern: 20,
  maxExampleChars: 500,
};

const TOKEN_CACHE_SIZE = 5000;

const increment = (map: Map<string, number>, key: string, cap = Infinity): void => {
  const current = map.get(key);
  if (current !== undefined) map.set(key, current + 1);
  else if (map.size < cap) map.set(key, 1);
};

/** Drain plus what the API reports per template: counts, first/last seen, services, levels. */
export class PatternMiner {
  private readonly options: PatternMinerOptions;
  private readonly drain: Drain;
  private readonly stats = new Map<number, PatternStats>();
  /** Exact messages repeat a lot in real logs: their tokens are masked once. */
  private readonly tokenCache = new Map<string, string[]>();
  readonly other: OtherBucket = { count: 0, templatesEvicted: 0, firstSeenMs: null, lastSeenMs: null };
  total = 0;

  constructor(options: Partial<PatternMinerOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.drain = new Drain(this.options.drain, (cluster) => this.foldIntoOther(cluster));
  }

  add(log: MinableLog): PatternStats {
    this.total++;
    const cluster = this.drain.add(this.tokens(log.message));
    let stats = this.stats.get(cluster.id);
    if (!stats) {
      stats = {
        clusterId: cluster.id,
        template: '',
        count: 0,
        firstSeenMs: log.timestampMs,
        lastSeenMs: log.timestampMs,
        example: log.message.length > this.options.maxExampleChars ? log.message.slice(0, this.options.maxExampleChars) : log.message,
        services: new Map(),
        levels: new Map(),
      };
      this.stats.set(cluster.id, stats);
    }
    stats.count++;
    if (log.timestampMs < stats.firstSeenMs) stats.firstSeenMs = log.timestampMs;
    if (log.timestampMs > stats.lastSeenMs) stats.lastSeenMs = log.timestampMs;
    increment(stats.services, log.serviceId, this.options.maxServicesPerPattern);
    increment(stats.levels, log.level);
    return stats;
  }

  /** The known template a message belongs to, without learning from it. */
  match(message: string): PatternStats | undefined {
    const cluster = this.drain.match(this.tokens(message));
    return cluster && this.stats.get(cluster.id);
  }

  /** The template a message falls under: its cluster's, or its own masked form when none. */
  templateOf(message: string): string {
    const tokens = tokenize(message, this.options.masking);
    return (this.drain.match(tokens)?.tokens ?? tokens).join(' ');
  }

  /** Stats by cluster id (templates are read from Drain, as they generalise over time). */
  get(clusterId: number): PatternStats | undefined {
    return this.stats.get(clusterId);
  }

  /** The most frequent templates, most frequent first. */
  top(limit: number): PatternStats[] {
    const templates = new Map(this.drain.clusters().map((cluster) => [cluster.id, templateText(cluster)]));
    return [...this.stats.values()]
      .sort((a, b) => b.count - a.count || a.firstSeenMs - b.firstSeenMs)
      .slice(0, limit)
      .map((stats) => ({ ...stats, template: templates.get(stats.clusterId) ?? stats.template }));
  }

  get templateCount(): number {
    return this.stats.size;
  }

  private tokens(message: string): string[] {
    let tokens = this.tokenCache.get(message);
    if (!tokens) {
      tokens = tokenize(message, this.options.masking);
      // Bounded: a flood of unique messages resets the cache instead of growing it.
      if (this.tokenCache.size >= TOKEN_CACHE_SIZE) this.tokenCache.clear();
      if (message.length <= 500) this.tokenCache.set(message, tokens);
    }
    return tokens;
  }

  private foldIntoOther(cluster: LogCluster): void {
    const stats = this.stats.get(cluster.id);
    if (!stats) return;
    this.stats.delete(cluster.id);
    this.other.count += stats.count;
    this.other.templatesEvicted++;
    this.other.firstSeenMs = Math.min(this.other.firstSeenMs ?? stats.firstSeenMs, stats.firstSeenMs);
    this.other.lastSeenMs = Math.max(this.other.lastSeenMs ?? stats.lastSeenMs, stats.lastSeenMs);
  }
}
