import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { COMMITTED_LOGS_CHANNEL, parsePointer } from '../committed-logs-pointer';
import { IncidentEventListener } from '../../outbox';
import { sseJsonEvent } from '../../common/sse-frame';
import type { LogMatchFilters } from '../log-search';
import { filterKey } from './tail-filter';
import { LogTailRepository, type MatchedLog } from './log-tail.repository';
import { PendingSpans, type PendingSpan } from './pending-spans';

/** What the hub feeds: a client's TailStream (or a fake in tests). */
export interface TailSink {
  offer(frame: string): void;
  skip(count: number): void;
  cork?(): void;
  uncork?(): void;
}

/**
 * Rows per read: a larger backlog is read in several, so one flood cannot hold a pooled
 * connection for long. Measured on the loaded 2-core test box: 5,000 rows took 120 ms for
 * one unfiltered client, 340 ms for five distinct filters (word search included), 4 ms
 * for a selective filter served by an index.
 */
export const READ_LIMIT = 5000;
/**
 * How far an instance may fall behind before it gives up the oldest commits (and tells its
 * clients how many logs they missed): about a second of batch ingest at the benchmark's
 * 40,600 logs/s. Beyond that, reading everything would only fall further behind.
 */
export const MAX_PENDING_ROWS = 50_000;
/**
 * At most one read per this long (the first after a pause goes at once): under load, the
 * commits of 20 ms are read together, so the cost of a tail grows with the logs it shows,
 * not with the number of commits. Well inside the one-second budget.
 */
export const READ_INTERVAL_MS = 20;
/** Ids already sent, so that a row read twice (commits interleave in id order) is sent once. */
const RECENT_IDS = 50_000;

/**
 * The live tail of one app instance. Ingestion NOTIFYs, after every group commit, where the
 * new logs are (an id span). While this instance has tail clients it LISTENs to those
 * NOTIFYs and reads the new logs with ONE query for all its clients (one match flag per
 * distinct filter in that query), then hands each client the rows it matched. With no
 * client it does not even LISTEN: ingest then costs nothing here.
 *
 * Reads never overlap (one in flight, at most one per READ_INTERVAL_MS); NOTIFYs that
 * arrive meanwhile are read together next. A NOTIFY's span may also hold rows of other commits (ids are handed out before
 * commit, so commits interleave): those are sent when first seen and deduplicated after.
 */
@Injectable()
export class LogTailHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LogTailHub.name);
  private readonly clients = new Map<TailSink, { filter: LogMatchFilters; key: string }>();
  private readonly pending = new PendingSpans();
  private readonly sent = new Set<string>();
  private listening?: Promise<() => Promise<void>>;
  private highestNotified?: bigint;
  private reading = false;
  private lastReadAt = 0;
  private stopReconnectWatch?: () => void;

  constructor(
    private readonly listener: IncidentEventListener,
    private readonly repository: LogTailRepository,
  ) {}

  onModuleInit(): void {
    this.stopReconnectWatch = this.listener.onReconnect(() => void this.catchUp());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopReconnectWatch?.();
    this.clients.clear();
    await this.stopListening();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /**
   * Starts feeding `sink` the logs matching `filter` that are committed from now on; resolves
   * once this instance is listening (a log committed after that reaches the sink). Returns
   * the function that stops it.
   */
  async subscribe(filter: LogMatchFilters, sink: TailSink): Promise<() => void> {
    this.clients.set(sink, { filter, key: filterKey(filter) });
    this.listening ??= this.listener.listen(COMMITTED_LOGS_CHANNEL, (payload) => this.notified(payload));
    await this.listening;
    return () => {
      if (!this.clients.delete(sink) || this.clients.size > 0) return;
      void this.stopListening();
    };
  }

  private async stopListening(): Promise<void> {
    const listening = this.listening;
    this.listening = undefined;
    this.pending.clear();
    this.sent.clear();
    this.highestNotified = undefined;
    if (listening) await (await listening)();
  }

  private notified(payload: string): void {
    const pointer = parsePointer(payload);
    if (!pointer || this.clients.size === 0) return;
    const lastId = BigInt(pointer.lastId);
    if (this.highestNotified === undefined || lastId > this.highestNotified) this.highestNotified = lastId;
    this.admit({ firstId: BigInt(pointer.firstId), lastId, fromMs: pointer.fromMs, toMs: pointer.toMs, count: pointer.count });
  }

  /** NOTIFYs sent while the LISTEN connection was down are gone: read what was committed since the last one seen. */
  private async catchUp(): Promise<void> {
    const since = this.highestNotified;
    if (since === undefined || this.clients.size === 0) return;
    const latest = await this.repository.latestId().catch(() => null);
    if (latest === null || latest <= since) return;
    this.highestNotified = latest;
    this.admit({ firstId: since + 1n, lastId: latest, count: Number(latest - since) });
  }

  private admit(span: PendingSpan): void {
    // A span wider than the backlog allowed (a long outage, a forged NOTIFY) is narrowed to its newest ids.
    const width = span.lastId - span.firstId + 1n;
    if (width > BigInt(MAX_PENDING_ROWS)) {
      this.skipForAll(Math.max(0, span.count - MAX_PENDING_ROWS));
      span = { ...span, firstId: span.lastId - BigInt(MAX_PENDING_ROWS) + 1n, count: Math.min(span.count, MAX_PENDING_ROWS) };
    }
    this.pending.add(span);
    this.skipForAll(this.pending.trim(MAX_PENDING_ROWS));
    void this.readPending();
  }

  private async readPending(): Promise<void> {
    if (this.reading) return;
    this.reading = true;
    try {
      while (!this.pending.isEmpty && this.clients.size > 0) {
        const wait = this.lastReadAt + READ_INTERVAL_MS - Date.now();
        // NOTIFYs arriving meanwhile join the pending spans, and this read.
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const span = this.pending.takeAll();
        if (!span || this.clients.size === 0) break;
        this.lastReadAt = Date.now();
        await this.read(span);
      }
    } finally {
      this.reading = false;
    }
  }

  private async read(span: PendingSpan): Promise<void> {
    // The clients of this read, grouped by identical filters: one boolean column per distinct filter.
    const groups = new Map<string, { filter: LogMatchFilters; sinks: TailSink[] }>();
    for (const [sink, { filter, key }] of this.clients) {
      const group = groups.get(key) ?? groups.set(key, { filter, sinks: [] }).get(key)!;
      group.sinks.push(sink);
    }
    const list = [...groups.values()];
    let rows: MatchedLog[];
    try {
      rows = await this.repository.readCommitted(
        span,
        list.map((group) => group.filter),
        READ_LIMIT,
      );
    } catch (error) {
      this.logger.warn(`live tail: ${span.count} logs not read (${(error as Error).message})`);
      this.skipForAll(span.count);
      return;
    }
    const last = rows[rows.length - 1];
    if (rows.length === READ_LIMIT && last && BigInt(last.id) < span.lastId) {
      this.pending.putBack({ ...span, firstId: BigInt(last.id) + 1n, count: Number(span.lastId - BigInt(last.id)) });
    }
    this.dispatch(rows, list);
  }

  private dispatch(rows: MatchedLog[], groups: { sinks: TailSink[] }[]): void {
    const sinks = groups.flatMap((group) => group.sinks).filter((sink) => this.clients.has(sink));
    sinks.forEach((sink) => sink.cork?.());
    for (const row of rows) {
      if (this.sent.has(row.id)) continue;
      this.remember(row.id);
      let frame: string | undefined;
      groups.forEach((group, i) => {
        if (row.matches[i] !== '1') return;
        for (const sink of group.sinks) {
          if (!this.clients.has(sink)) continue;
          frame ??= sseJsonEvent('log', row.json);
          sink.offer(frame);
        }
      });
    }
    sinks.forEach((sink) => sink.uncork?.());
  }

  private remember(id: string): void {
    this.sent.add(id);
    if (this.sent.size > RECENT_IDS) this.sent.delete(this.sent.values().next().value!);
  }

  private skipForAll(count: number): void {
    if (count <= 0) return;
    for (const sink of this.clients.keys()) sink.skip(count);
  }
}
