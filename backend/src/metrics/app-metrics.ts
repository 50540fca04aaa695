import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ScrapeTimeValue } from './scrape-time-value';

/** Why logs were not stored; a closed list so the label cannot grow. */
export type IngestRefusal = 'invalid' | 'forbidden' | 'quota' | 'queue_full' | 'unavailable' | 'timeout' | 'shutting_down' | 'rejected';
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed';
export interface OpenIncidentCount {
  status: string;
  severity: string;
  count: number;
}
export interface PoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

// Scrape-time database reads: at most one per 5 s whatever the scrape rate (Prometheus
// scrapes every 15-60 s; several replicas of Prometheus still cost one query per 5 s), and a
// scrape never waits more than 250 ms for one (the p95 budget of a scrape is 50 ms on an
// idle database; a slow database serves the previous value instead).
const SCRAPE_READ_TTL_MS = 5000;
const SCRAPE_READ_TIMEOUT_MS = 250;

// HTTP latencies from 5 ms to 10 s; ingest answers in ~10-50 ms under load.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// INGEST_BATCH_MAX_ROWS is 2000 by default (at most 50,000).
const COMMIT_ROW_BUCKETS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 20_000];
const COMMIT_SECONDS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
const DETECTION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * The service's own Prometheus registry, one per app instance (tests run several in one
 * process), and the only place that knows prom-client: features record through its methods.
 * Labels take values from closed sets only (route patterns, status codes, enums), never ids.
 */
@Injectable()
export class AppMetrics {
  readonly registry = new Registry();
  private readonly registers = [this.registry];
  private readonly httpChildren = new Map<string, { count: Counter.Internal; time: Histogram.Internal<string> }>();

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (unmatched: no route) and status code',
    labelNames: ['method', 'route', 'status'],
    registers: this.registers,
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request start to the answer sent, by method, route pattern and status class (2xx...)',
    labelNames: ['method', 'route', 'status_class'],
    buckets: HTTP_BUCKETS,
    registers: this.registers,
  });
  private readonly logsAccepted = new Counter({
    name: 'ingest_logs_accepted_total',
    help: 'Logs committed to the database (counted per group commit)',
    registers: this.registers,
  });
  private readonly logsRefused = new Counter({
    name: 'ingest_logs_refused_total',
    help: 'Logs of requests refused after their body was read, by reason (401/413 refusals count in http_requests_total)',
    labelNames: ['reason'],
    registers: this.registers,
  });
  private readonly commitRows = new Histogram({
    name: 'ingest_group_commit_rows',
    help: 'Rows stored by one group commit (one INSERT)',
    buckets: COMMIT_ROW_BUCKETS,
    registers: this.registers,
  });
  private readonly commitDuration = new Histogram({
    name: 'ingest_group_commit_duration_seconds',
    help: 'Time of one successful group commit',
    buckets: COMMIT_SECONDS_BUCKETS,
    registers: this.registers,
  });
  private readonly detectionDuration = new Histogram({
    name: 'detection_run_duration_seconds',
    help: 'Time to evaluate every enabled detection rule once',
    buckets: DETECTION_BUCKETS,
    registers: this.registers,
  });
  private readonly deliveries = new Counter({
    name: 'notification_deliveries_total',
    help: 'Notification delivery attempts by channel type and outcome (retry: failed, will be tried again)',
    labelNames: ['channel_type', 'outcome'],
    registers: this.registers,
  });
  private readonly escalationSteps = new Counter({
    name: 'escalation_steps_total',
    help: 'Escalation policy steps taken (pages sent)',
    registers: this.registers,
  });
  private readonly scrapeReadErrors = new Counter({
    name: 'metrics_scrape_read_errors_total',
    help: 'Scrape-time database reads that failed (the previous value was served)',
    labelNames: ['value'],
    registers: this.registers,
  });

  private lastDetectionRunEndedAt: number | undefined;

  constructor() {
    // process_*, nodejs_* series: CPU, memory, GC, handles and the event-loop lag
    // (nodejs_eventloop_lag_seconds and its percentiles).
    collectDefaultMetrics({ register: this.registry });
    const lastRun = () => this.lastDetectionRunEndedAt;
    new Gauge({
      name: 'detection_lag_seconds',
      help: 'Seconds since the last detection run finished (-1 before the first)',
      registers: this.registers,
      collect() {
        const at = lastRun();
        this.set(at === undefined ? -1 : (Date.now() - at) / 1000);
      },
    });
  }

  /** Called once per answered request (see http-request-metrics.ts): one map lookup, two increments. */
  recordHttpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
    const verb = METHODS.has(method) ? method : 'OTHER';
    const key = `${verb} ${status} ${route ?? ''}`;
    let child = this.httpChildren.get(key);
    if (!child) {
      const pattern = route ?? 'unmatched';
      child = {
        count: this.httpRequests.labels(verb, pattern, String(status)),
        time: this.httpDuration.labels(verb, pattern, `${Math.floor(status / 100)}xx`),
      };
      this.httpChildren.set(key, child);
    }
    child.count.inc();
    child.time.observe(seconds);
  }

  recordGroupCommit(rows: number, seconds: number): void {
    this.logsAccepted.inc(rows);
    this.commitRows.observe(rows);
    this.commitDuration.observe(seconds);
  }

  recordLogsRefused(reason: IngestRefusal, logs: number): void {
    if (logs > 0) this.logsRefused.inc({ reason }, logs);
  }

  recordDetectionRun(seconds: number): void {
    this.detectionDuration.observe(seconds);
    this.lastDetectionRunEndedAt = Date.now();
  }

  recordDelivery(channelType: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ channel_type: channelType.toLowerCase(), outcome });
  }

  /** For the escalation feature: one page step taken. */
  recordEscalationStep(): void {
    this.escalationSteps.inc();
  }

  /** Logs accepted and not yet committed, read at each scrape. */
  sampleIngestBacklog(read: () => number): void {
    this.sampled('ingest_queue_logs', 'Logs accepted and waiting for or in their group commit', read);
  }

  /** Open live streams (WebSocket /ws, SSE /events, /logs/tail), read at each scrape. */
  sampleLiveStreams(read: () => number): void {
    this.sampled('live_stream_connections', 'Live streams open on this instance (WebSocket, SSE, log tail)', read);
  }

  sampleDatabasePool(pool: PoolStats): void {
    this.sampled('db_pool_connections_in_use', 'Database connections checked out of the pool', () => pool.totalCount - pool.idleCount);
    this.sampled('db_pool_connections_idle', 'Open database connections waiting in the pool', () => pool.idleCount);
    this.sampled('db_pool_waiting_requests', 'Queries waiting for a free database connection', () => pool.waitingCount);
  }

  /** Unresolved incidents by status and severity, read from the database at most every 5 s. */
  sampleOpenIncidents(read: () => Promise<OpenIncidentCount[]>): void {
    const value = this.scrapeTimeValue('incidents_open', read);
    new Gauge({
      name: 'incidents_open',
      help: 'Incidents not resolved, by status (open, acknowledged) and severity; refreshed at most every 5 s',
      labelNames: ['status', 'severity'],
      registers: this.registers,
      async collect() {
        const counts = await value.current();
        if (!counts) return;
        this.reset();
        for (const row of counts) this.set({ status: row.status.toLowerCase(), severity: row.severity.toLowerCase() }, row.count);
      },
    });
  }

  /** Age of the oldest incident event not yet fanned out to channels, read at most every 5 s. */
  sampleOutboxLag(read: () => Promise<number>): void {
    const value = this.scrapeTimeValue('outbox_lag_seconds', read);
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age in seconds of the oldest incident event not yet dispatched to notification channels (0: none waiting)',
      registers: this.registers,
      async collect() {
        const seconds = await value.current();
        if (seconds !== undefined) this.set(seconds);
      },
    });
  }

  /** The exposition text (text/plain; version=0.0.4). */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private sampled(name: string, help: string, read: () => number): void {
    new Gauge({
      name,
      help,
      registers: this.registers,
      collect() {
        this.set(read());
      },
    });
  }

  private scrapeTimeValue<T>(name: string, read: () => Promise<T>): ScrapeTimeValue<T> {
    return new ScrapeTimeValue(read, {
      ttlMs: SCRAPE_READ_TTL_MS,
      timeoutMs: SCRAPE_READ_TIMEOUT_MS,
      onError: () => this.scrapeReadErrors.inc({ value: name }),
    });
  }
}
