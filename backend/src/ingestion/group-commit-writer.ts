import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnModuleDestroy,
  OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { toErrorResponse } from '../common/errors/error-response';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AppMetrics, type IngestRefusal } from '../metrics';
import { LogsRepository, type CommittedLogsPointer, type InsertedIdRange, type ServiceSighting } from '../logs';
import { CommittedLogsNotifier } from './committed-logs-notifier';
import type { LogRow } from './log-validation';
import { LOGS_COMMITTED, type LogsCommittedEvent } from './logs-committed.event';
import { SeenServices, summarizeBatch } from './seen-services';
import { WriteQueue, type PendingWrite } from './write-queue';
import { writePathState, type WritePathState } from './write-path-state';

const SWEEP_INTERVAL_MS = 50;
const SERVICES_FLUSH_INTERVAL_MS = 1000;
const RETRY_AFTER_SECONDS = 1;

// The database refuses every write, whatever the data: read-only (a standby, or
// default_transaction_read_only), disk full, privilege revoked. Retryable, and the write path's fault.
const WRITES_REFUSED = new Set(['25006', '53100', '42501']);

/** The database is down, unreachable, too slow or refusing writes, as opposed to refusing this data. */
function isUnavailable(error: unknown): boolean {
  if (error instanceof Error && error.message === 'Query read timeout') return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && WRITES_REFUSED.has(code)) return true;
  return toErrorResponse(error).body.statusCode === 503;
}

/**
 * Group commit: requests hand in their validated logs and wait; up to INGEST_WRITERS
 * concurrent writes each take whatever has queued meanwhile (whole requests, up to
 * INGEST_BATCH_MAX_ROWS rows) and store it with ONE statement, durably committed
 * (synchronous_commit stays on). Only then are those requests answered. A request's logs
 * are never split across two statements, so a request is stored entirely or not at all.
 *
 * Every request is answered within INGEST_WRITE_TIMEOUT_MS: a 503 when the database is
 * down or slow (never a 201 for logs that are not committed, never a hang). Nothing here
 * remembers the outage, so the next request after the database is back simply works.
 */
@Injectable()
export class GroupCommitWriter implements OnModuleInit, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger(GroupCommitWriter.name);
  private readonly queue = new WriteQueue();
  private readonly services = new SeenServices();
  private readonly limits: AppConfig['ingest'];
  private activeWrites = 0;
  private inFlightRows = 0;
  private flushScheduled = false;
  private accepting = true;
  private servicesFlush?: Promise<void>;
  private timers: NodeJS.Timeout[] = [];
  private onIdle?: () => void;
  private lastCommitAt = Number.NEGATIVE_INFINITY;
  private lastFailureAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logs: LogsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly events: EventEmitter2,
    private readonly notifier: CommittedLogsNotifier,
    private readonly metrics: AppMetrics,
  ) {
    this.limits = config.ingest;
  }

  onModuleInit(): void {
    this.metrics.sampleIngestBacklog(() => this.backlog);
    this.timers = [
      setInterval(() => this.expireWaiting(Date.now()), SWEEP_INTERVAL_MS).unref(),
      setInterval(() => void this.flushServices(), SERVICES_FLUSH_INTERVAL_MS).unref(),
    ];
  }

  /** First hook of a shutdown: refuse new logs from here on. */
  onModuleDestroy(): void {
    this.accepting = false;
  }

  /** Commit what is queued before the pool closes (DatabaseModule ends it in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    this.accepting = false;
    if (this.queue.length > 0 || this.activeWrites > 0) {
      const drained = new Promise<void>((resolve) => (this.onIdle = resolve));
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, this.limits.writeTimeoutMs + 500).unref());
      await Promise.race([drained, deadline]);
    }
    this.expireWaiting(Number.POSITIVE_INFINITY);
    for (const timer of this.timers) clearInterval(timer);
    // The last commits hand their pointer to the notifier on the next turn (setImmediate).
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([this.flushServices(), this.notifier.idle()]);
  }

  /** False from the start of a shutdown. */
  get isAccepting(): boolean {
    return this.accepting;
  }

  /** Logs accepted and not yet answered: queued or being written (for tests and metrics). */
  get backlog(): number {
    return this.queue.rows + this.inFlightRows;
  }

  /** Whether queued logs get committed: readiness reports it (see write-path-state.ts). */
  writePath(now = Date.now()): WritePathState {
    const oldest = this.queue.peek();
    return writePathState({
      now,
      lastCommitAt: this.lastCommitAt,
      lastFailureAt: this.lastFailureAt,
      oldestWaitingSince: oldest?.enqueuedAt,
      writeTimeoutMs: this.limits.writeTimeoutMs,
    });
  }

  /** Resolves once the rows are committed; rejects with a 503 when they could not be. */
  write(rows: LogRow[]): Promise<void> {
    if (!this.accepting) {
      this.metrics.recordLogsRefused('shutting_down', rows.length);
      throw new ServiceUnavailableException({ message: 'The service is shutting down: logs not accepted', retryAfterSeconds: 5 });
    }
    if (this.queue.rows > 0 && this.queue.rows + rows.length > this.limits.queueMaxLogs) {
      this.metrics.recordLogsRefused('queue_full', rows.length);
      throw new ServiceUnavailableException({
        message: `Ingest queue is full (${this.limits.queueMaxLogs} logs waiting): retry shortly`,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ rows, enqueuedAt: Date.now(), settled: false, resolve, reject });
      this.scheduleWrites();
    });
  }

  // Deferred to the end of this event-loop turn, so that requests parsed in the same turn
  // share a write.
  private scheduleWrites(): void {
    if (this.flushScheduled || this.activeWrites >= this.limits.writers) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.startWrites();
    });
  }

  private startWrites(): void {
    while (this.activeWrites < this.limits.writers && this.queue.length > 0) {
      const batch = this.queue.takeBatch(this.limits.batchMaxRows).filter((write) => !write.settled);
      if (batch.length === 0) continue;
      const rows = batch.reduce((sum, write) => sum + write.rows.length, 0);
      this.activeWrites++;
      this.inFlightRows += rows;
      void this.commit(batch).finally(() => {
        this.activeWrites--;
        this.inFlightRows -= rows;
        this.startWrites();
        if (this.activeWrites === 0 && this.queue.length === 0) this.onIdle?.();
      });
    }
  }

  private async commit(batch: PendingWrite[]): Promise<void> {
    const rows = batch.length === 1 ? batch[0]!.rows : batch.flatMap((write) => write.rows);
    const summary = summarizeBatch(rows);
    const newServices = this.services.unknownAmong(summary.sightings);
    // The queue is FIFO: the first request has waited longest and sets the deadline.
    const deadline = batch[0]!.enqueuedAt + this.limits.writeTimeoutMs;
    const timer = setTimeout(() => this.fail(batch, this.timeoutError(), 'timeout'), Math.max(0, deadline - Date.now()));
    const started = performance.now();
    let ids: InsertedIdRange | undefined;
    try {
      ids = await this.logs.insertBatch(rows, newServices, this.limits.writeTimeoutMs);
    } catch (error) {
      clearTimeout(timer);
      await this.handleFailure(batch, error);
      return;
    }
    clearTimeout(timer);
    this.lastCommitAt = Date.now();
    this.metrics.recordGroupCommit(rows.length, (performance.now() - started) / 1000);
    this.services.committed(summary.sightings, newServices);
    for (const write of batch) {
      if (write.settled) continue;
      write.settled = true;
      write.resolve();
    }
    const event: LogsCommittedEvent = {
      count: rows.length,
      serviceIds: summary.sightings.map((s) => s.serviceId),
      maxLevel: summary.maxLevel,
    };
    const pointer = ids?.first_id && ids.last_id ? this.pointerTo(ids.first_id, ids.last_id, summary.sightings, rows.length) : undefined;
    setImmediate(() => {
      this.announce(event);
      if (pointer) this.notifier.committed(pointer);
    });
  }

  private pointerTo(firstId: string, lastId: string, sightings: readonly ServiceSighting[], count: number): CommittedLogsPointer {
    let fromMs = Number.POSITIVE_INFINITY;
    let toMs = Number.NEGATIVE_INFINITY;
    for (const s of sightings) {
      fromMs = Math.min(fromMs, s.firstSeenMs);
      toMs = Math.max(toMs, s.lastSeenMs);
    }
    return { firstId, lastId, fromMs, toMs, count };
  }

  private async handleFailure(batch: PendingWrite[], error: unknown): Promise<void> {
    if (isUnavailable(error)) {
      this.fail(
        batch,
        new ServiceUnavailableException({
          message: 'Database unavailable: logs not stored, retry shortly',
          retryAfterSeconds: RETRY_AFTER_SECONDS,
        }),
        'unavailable',
      );
      return;
    }
    // Validation should have caught it; if one request's data still breaks the statement,
    // only that request fails: the others are written again one by one.
    if (batch.length > 1) {
      for (const write of batch) if (!write.settled) await this.commit([write]);
      return;
    }
    this.logger.error(`log batch rejected by the database: ${error instanceof Error ? error.message : String(error)}`);
    this.fail(batch, error, 'rejected');
  }

  private fail(batch: readonly PendingWrite[], error: unknown, reason: IngestRefusal): void {
    let logs = 0;
    for (const write of batch) {
      if (write.settled) continue;
      write.settled = true;
      logs += write.rows.length;
      write.reject(error);
    }
    if (logs === 0) return;
    this.metrics.recordLogsRefused(reason, logs);
    // A refusal of this data (one bad request) says nothing about the write path; the rest do.
    if (reason !== 'rejected') this.lastFailureAt = Date.now();
  }

  private timeoutError(): ServiceUnavailableException {
    return new ServiceUnavailableException({
      message: `Logs not confirmed as stored within ${this.limits.writeTimeoutMs} ms: retry shortly`,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    });
  }

  /** Requests that waited too long for a writer (the database hangs) get their 503 now. */
  private expireWaiting(now: number): void {
    for (let head = this.queue.peek(); head; head = this.queue.peek()) {
      if (!head.settled && now - head.enqueuedAt < this.limits.writeTimeoutMs) break;
      this.queue.shift();
      this.fail([head], this.timeoutError(), 'timeout');
    }
  }

  private announce(event: LogsCommittedEvent): void {
    try {
      this.events.emit(LOGS_COMMITTED, event);
    } catch (error) {
      this.logger.warn(`a ${LOGS_COMMITTED} listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private flushServices(): Promise<void> {
    if (this.servicesFlush || !this.services.hasPending) return this.servicesFlush ?? Promise.resolve();
    const sightings = this.services.takePending();
    this.servicesFlush = this.logs
      .upsertServices(sightings)
      .then(
        () => undefined,
        () => this.services.giveBack(sightings),
      )
      .finally(() => (this.servicesFlush = undefined));
    return this.servicesFlush;
  }
}
