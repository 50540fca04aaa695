import { SchedulerRegistry } from '@nestjs/schedule';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inTransaction } from '../src/database/pg-transaction';
import type { LogLevel } from '../src/generated/prisma/enums';
import { LogCountCompactionService } from '../src/logs/log-count-compaction.service';
import { LogCountsRepository } from '../src/logs/log-counts.repository';
import { LogMaintenanceScheduler } from '../src/logs/log-maintenance.scheduler';
import { LogRetentionService } from '../src/logs/log-retention.service';
import { fillBuckets, STATS_INTERVALS, type StatsInterval } from '../src/logs/log-stats';
import { ingestLogs, insertLogs, type TestLog } from './support/logs';
import { startTestApp, type TestApp } from './support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString();

describe('per-minute log counts behind GET /logs/stats and GET /services', () => {
  let t: TestApp;
  let compactor: LogCountCompactionService;
  // Whole hours, a few hours back: inside retention, clear of the logs arriving "now".
  const base = Math.floor(Date.now() / HOUR) * HOUR - 8 * HOUR;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_RETENTION_DAYS: '30' } });
    // The tests decide when compaction runs (the app runs it every 10 s).
    t.app.get(SchedulerRegistry).deleteInterval('log-count-compaction');
    compactor = t.app.get(LogCountCompactionService);
  });
  afterAll(() => t.close());

  /** `count` logs of one service from `startMs` on, at odd spacings (milliseconds included), every level. */
  const spread = (serviceId: string, startMs: number, count: number, stepMs = 17_317): TestLog[] =>
    Array.from({ length: count }, (_, i) => ({
      service_id: serviceId,
      level: LEVELS[(i * 7) % LEVELS.length],
      message: `log ${i}`,
      timestamp: new Date(startMs + i * stepMs),
    }));

  /** GET /logs/stats, checked against the same buckets counted straight from `logs` (the query this feature replaced). */
  async function expectStatsMatchLogs(query: string, serviceId?: string) {
    const response = await t.request('GET', `/logs/stats?${query}${serviceId ? `&service_id=${serviceId}` : ''}`, {
      token: t.tokens.viewer,
    });
    expect(response.status).toBe(200);
    const { interval, from, to, buckets } = response.body as { interval: StatsInterval; from: string; to: string; buckets: unknown[] };
    const values: unknown[] = [`${STATS_INTERVALS[interval] / 1000} seconds`, from, to];
    if (serviceId) values.push(serviceId);
    const { rows } = await t.pool.query(
      `SELECT date_bin($1::interval, "timestamp", '2000-01-01T00:00:00Z'::timestamptz) AS bucket, level::text AS level, count(*)::int AS count
         FROM logs WHERE "timestamp" >= $2::timestamptz AND "timestamp" < $3::timestamptz${serviceId ? ' AND service_id = $4' : ''}
        GROUP BY 1, 2`,
      values,
    );
    const expected = fillBuckets({ from: new Date(from), buckets: buckets.length }, STATS_INTERVALS[interval], rows).map((bucket) => ({
      start: bucket.start.toISOString(),
      total: bucket.total,
      counts: bucket.counts,
    }));
    expect(buckets).toEqual(expected);
    return expected.reduce((sum, bucket) => sum + bucket.total, 0);
  }

  /** The rows of `log_minute_counts` for one service, by minute, then level name, then age. */
  const countRowsOf = async (serviceId: string) =>
    (
      await t.pool.query(
        `SELECT minute, level::text AS level, count::int AS count, compacted FROM log_minute_counts WHERE service_id = $1 ORDER BY minute, level, id`,
        [serviceId],
      )
    ).rows as { minute: Date; level: LogLevel; count: number; compacted: boolean }[];

  const hourRowsOf = async (serviceId: string) =>
    (
      await t.pool.query(
        `SELECT hour, level::text AS level, count::int AS count FROM log_hour_counts WHERE service_id = $1 ORDER BY hour, level::text`,
        [serviceId],
      )
    ).rows as { hour: Date; level: LogLevel; count: number }[];

  /** Every minute total against the compacted minute counts of all services (the whole table: compaction keeps it so). */
  async function expectTotalsMatchCounts() {
    const { rows } = await t.pool.query(
      `SELECT coalesce(tot.minute, m.minute) AS minute, coalesce(tot.level, m.level)::text AS level, tot.n AS total, m.n AS compacted
         FROM (SELECT minute, level, count::int AS n FROM log_minute_totals) tot
         FULL JOIN (SELECT minute, level, sum(count)::int AS n FROM log_minute_counts WHERE compacted GROUP BY 1, 2) m
           ON m.minute = tot.minute AND m.level = tot.level
        WHERE tot.n IS DISTINCT FROM m.n`,
    );
    expect(rows).toEqual([]);
  }

  /**
   * For one service: the minute counts summed per (minute, level) against count(*) in logs,
   * and each hourly count against the compacted minute counts of its hour; and the totals.
   */
  async function expectCountsMatchLogs(serviceId: string) {
    await expectTotalsMatchCounts();
    const { rows: hours } = await t.pool.query(
      `SELECT coalesce(h.hour, m.hour) AS hour, coalesce(h.level, m.level)::text AS level, h.n AS hourly, m.n AS compacted
         FROM (SELECT hour, level, count::int AS n FROM log_hour_counts WHERE service_id = $1) h
         FULL JOIN (SELECT date_bin('1 hour', minute, '2000-01-01T00:00:00Z'::timestamptz) AS hour, level, sum(count)::int AS n
                      FROM log_minute_counts WHERE service_id = $1 AND compacted GROUP BY 1, 2) m ON m.hour = h.hour AND m.level = h.level
        WHERE h.n IS DISTINCT FROM m.n`,
      [serviceId],
    );
    expect(hours).toEqual([]);
    const { rows } = await t.pool.query(
      `SELECT coalesce(c.minute, l.minute) AS minute, coalesce(c.level, l.level)::text AS level, c.n AS counted, l.n AS logged
         FROM (SELECT minute, level, sum(count)::int AS n FROM log_minute_counts WHERE service_id = $1 GROUP BY 1, 2) c
         FULL JOIN (SELECT date_bin('1 minute', "timestamp", '2000-01-01T00:00:00Z'::timestamptz) AS minute, level, count(*)::int AS n
                      FROM logs WHERE service_id = $1 GROUP BY 1, 2) l ON l.minute = c.minute AND l.level = c.level
        WHERE c.n IS DISTINCT FROM l.n`,
      [serviceId],
    );
    expect(rows).toEqual([]);
  }

  describe('GET /logs/stats', () => {
    it('counts exactly what was ingested through POST /ingest and what was inserted straight into logs', async () => {
      const ingested = unique('ingested');
      const inserted = unique('inserted');
      const logs = spread(ingested, base + 17, 200);
      await ingestLogs(t, logs.slice(0, 100));
      await ingestLogs(t, logs.slice(100));
      await insertLogs(t.pool, spread(inserted, base + 5_003, 150, 23_011));
      await insertLogs(t.pool, spread(inserted, base + 9_999, 50, 31_007));

      const range = `from=${iso(base)}&to=${iso(base + 2 * HOUR)}`;
      for (const interval of ['1m', '5m', '1h', '1d']) {
        expect(await expectStatsMatchLogs(`interval=${interval}&${range}`, ingested)).toBe(200);
        expect(await expectStatsMatchLogs(`interval=${interval}&${range}`, inserted)).toBe(200);
        expect(await expectStatsMatchLogs(`interval=${interval}&${range}`)).toBeGreaterThanOrEqual(400);
      }
    });

    it('counts the unfinished minute at `to` exactly, to the millisecond', async () => {
      const service = unique('mid-minute');
      const minute = base + 3 * HOUR;
      await insertLogs(t.pool, [
        { service_id: service, level: 'INFO', timestamp: new Date(minute - 10_000) },
        { service_id: service, level: 'ERROR', timestamp: new Date(minute + 10_000) },
        { service_id: service, level: 'ERROR', timestamp: new Date(minute + 20_000) },
        { service_id: service, level: 'WARN', timestamp: new Date(minute + 29_999) },
        { service_id: service, level: 'ERROR', timestamp: new Date(minute + 30_000) },
        { service_id: service, level: 'INFO', timestamp: new Date(minute + 45_000) },
      ]);
      const zero = { DEBUG: 0, INFO: 0, WARN: 0, ERROR: 0, FATAL: 0 };
      const minutely = await t.request(
        'GET',
        `/logs/stats?interval=1m&service_id=${service}&from=${iso(minute - MINUTE)}&to=${iso(minute + 30_000)}`,
        { token: t.tokens.viewer },
      );
      expect(minutely.body.buckets).toEqual([
        { start: iso(minute - MINUTE), total: 1, counts: { ...zero, INFO: 1 } },
        { start: iso(minute), total: 3, counts: { ...zero, ERROR: 2, WARN: 1 } },
      ]);
      const hourly = await t.request(
        'GET',
        `/logs/stats?interval=1h&service_id=${service}&from=${iso(minute - HOUR)}&to=${iso(minute + 30_001)}`,
        {
          token: t.tokens.viewer,
        },
      );
      expect(hourly.body.buckets).toEqual([
        { start: iso(minute - HOUR), total: 1, counts: { ...zero, INFO: 1 } },
        { start: iso(minute), total: 4, counts: { ...zero, ERROR: 3, WARN: 1 } },
      ]);
    });

    it('counts logs of the last seconds in the default range, which ends now', async () => {
      const service = unique('recent');
      const now = Date.now();
      await insertLogs(
        t.pool,
        [0, 1, 2, 5, 30, 61, 125].map((seconds) => ({ service_id: service, timestamp: new Date(now - seconds * 1000) })),
      );
      expect(await expectStatsMatchLogs('interval=1m', service)).toBe(7);
      expect(await expectStatsMatchLogs('interval=5m')).toBeGreaterThanOrEqual(7);
    });
  });

  describe('compaction', () => {
    it('folds the deltas of each key into one row without changing any count', async () => {
      const service = unique('compacted');
      const minute = base + 4 * HOUR;
      // Five statements: five delta rows per (minute, level).
      for (let i = 0; i < 5; i++) {
        await insertLogs(t.pool, [
          { service_id: service, level: 'ERROR', timestamp: new Date(minute + i * 1000) },
          { service_id: service, level: 'ERROR', timestamp: new Date(minute + 30_000 + i) },
          { service_id: service, level: 'INFO', timestamp: new Date(minute + MINUTE + i) },
        ]);
      }
      expect((await countRowsOf(service)).map((row) => [row.level, row.count, row.compacted])).toEqual([
        ...Array.from({ length: 5 }, () => ['ERROR', 2, false]),
        ...Array.from({ length: 5 }, () => ['INFO', 1, false]),
      ]);
      const query = `interval=1m&from=${iso(minute)}&to=${iso(minute + 2 * MINUTE)}`;
      const hourly = `interval=1h&from=${iso(minute - HOUR)}&to=${iso(minute + 2 * HOUR)}`;
      expect(await expectStatsMatchLogs(query, service)).toBe(15);
      expect(await expectStatsMatchLogs(hourly, service)).toBe(15);
      expect(await expectStatsMatchLogs(query)).toBeGreaterThanOrEqual(15);
      expect(await hourRowsOf(service)).toEqual([]);

      const report = await compactor.compact();
      expect(report.ran).toBe(true);
      expect(report.keys).toBeGreaterThanOrEqual(2);
      expect(await countRowsOf(service)).toEqual([
        { minute: new Date(minute), level: 'ERROR', count: 10, compacted: true },
        { minute: new Date(minute + MINUTE), level: 'INFO', count: 5, compacted: true },
      ]);
      expect(await hourRowsOf(service)).toEqual([
        { hour: new Date(minute), level: 'ERROR', count: 10 },
        { hour: new Date(minute), level: 'INFO', count: 5 },
      ]);
      expect(await expectStatsMatchLogs(query, service)).toBe(15);
      expect(await expectStatsMatchLogs(hourly, service)).toBe(15);
      expect(await expectStatsMatchLogs(query)).toBeGreaterThanOrEqual(15);

      // New deltas next to a compacted row: both are counted, then folded together.
      await insertLogs(t.pool, [{ service_id: service, level: 'ERROR', timestamp: new Date(minute + 59_999) }]);
      await insertLogs(t.pool, [{ service_id: service, level: 'WARN', timestamp: new Date(minute + 1) }]);
      expect(await expectStatsMatchLogs(query, service)).toBe(17);
      expect(await expectStatsMatchLogs(hourly, service)).toBe(17);
      expect(await expectStatsMatchLogs(query)).toBeGreaterThanOrEqual(17);
      expect((await countRowsOf(service)).filter((row) => !row.compacted)).toHaveLength(2);

      await compactor.compact();
      expect(await countRowsOf(service)).toEqual([
        { minute: new Date(minute), level: 'ERROR', count: 11, compacted: true },
        { minute: new Date(minute), level: 'WARN', count: 1, compacted: true },
        { minute: new Date(minute + MINUTE), level: 'INFO', count: 5, compacted: true },
      ]);
      expect(await hourRowsOf(service)).toEqual([
        { hour: new Date(minute), level: 'ERROR', count: 11 },
        { hour: new Date(minute), level: 'INFO', count: 5 },
        { hour: new Date(minute), level: 'WARN', count: 1 },
      ]);
      expect(await expectStatsMatchLogs(query, service)).toBe(17);
      expect(await expectStatsMatchLogs(hourly, service)).toBe(17);
      expect(await expectStatsMatchLogs(query)).toBeGreaterThanOrEqual(17);
      expect(await expectStatsMatchLogs(`interval=1h&from=${iso(base)}&to=${iso(base + 6 * HOUR)}`)).toBeGreaterThan(17);
    });

    it('lets one instance compact at a time, and does nothing when another holds the lock', async () => {
      const service = unique('contended');
      for (let i = 0; i < 20; i++) await insertLogs(t.pool, spread(service, base + 5 * HOUR + i, 10, 6_007));
      const reports = await Promise.all([compactor.compact(), compactor.compact(), compactor.compact()]);
      expect(reports.some((report) => report.ran)).toBe(true);
      await expectCountsMatchLogs(service);
      expect((await countRowsOf(service)).every((row) => row.compacted)).toBe(true);

      const other = new Client({ connectionString: t.databaseUrl });
      await other.connect();
      try {
        await other.query('BEGIN');
        await other.query('SELECT pg_advisory_xact_lock($1)', [0x6c6d6363]);
        await insertLogs(t.pool, spread(service, base + 5 * HOUR, 3));
        expect(await compactor.compact()).toEqual({ ran: false, keys: 0, rows: 0 });
        await other.query('COMMIT');
      } finally {
        await other.end();
      }
      expect((await compactor.compact()).ran).toBe(true);
      await expectCountsMatchLogs(service);
    });

    it('neither loses nor double counts when compactions race each other and inserts (without the lock)', async () => {
      const service = unique('raced');
      const repository = t.app.get(LogCountsRepository);
      const start = base + 6 * HOUR;
      let writing = true;
      const writer = (async () => {
        for (let i = 0; i < 100; i++) await insertLogs(t.pool, spread(service, start + (i % 7) * 1_001, 12, 9_973));
        writing = false;
      })();
      let compactions = 0;
      // The SQL alone, two transactions at once: the advisory lock is only an optimisation.
      const compactOnce = () =>
        inTransaction(t.pool, (client) => repository.compactBatch(client, 50)).then(
          () => void compactions++,
          (error: { code?: string }) => {
            // Two compactions deleting the same rows may deadlock: PostgreSQL rolls one back, which changes nothing.
            if (error.code !== '40P01') throw error;
          },
        );
      while (writing) await Promise.all([compactOnce(), compactOnce()]);
      await writer;
      expect(compactions).toBeGreaterThanOrEqual(2);
      await expectCountsMatchLogs(service);
      await compactor.compact();
      await expectCountsMatchLogs(service);
      expect(await expectStatsMatchLogs(`interval=5m&from=${iso(start)}&to=${iso(start + 3 * MINUTE)}`, service)).toBe(1200);
      expect(await expectStatsMatchLogs(`interval=1h&from=${iso(start)}&to=${iso(start + HOUR)}`, service)).toBe(1200);
      expect(await expectStatsMatchLogs(`interval=1m&from=${iso(start)}&to=${iso(start + 3 * MINUTE)}`)).toBeGreaterThanOrEqual(1200);
    });

    it('runs on the schedule and stays quiet about it', async () => {
      const service = unique('scheduled');
      await insertLogs(t.pool, spread(service, base + 7 * HOUR, 5));
      await insertLogs(t.pool, spread(service, base + 7 * HOUR, 5));
      await t.app.get(LogMaintenanceScheduler).compactCounts();
      expect((await countRowsOf(service)).every((row) => row.compacted)).toBe(true);
      await expectCountsMatchLogs(service);
    });
  });

  describe('retention', () => {
    it('removes the counts of expired days, those of logs kept as evidence of an open incident too', async () => {
      const service = unique('expired');
      const old = Math.floor((Date.now() - 40 * DAY) / HOUR) * HOUR + 10 * MINUTE;
      const [evidence] = await insertLogs(t.pool, [
        { service_id: service, timestamp: new Date(old) },
        { service_id: service, timestamp: new Date(old + MINUTE) },
      ]);
      await insertLogs(t.pool, [{ service_id: service, timestamp: new Date(base) }]);
      await compactor.compact();
      expect(await hourRowsOf(service)).toHaveLength(2);
      const { rows } = await t.pool.query(
        `INSERT INTO incidents (id, title, severity, status, created_by, updated_at) VALUES (gen_random_uuid(), 'Old', 'HIGH', 'OPEN', 'test', now()) RETURNING id`,
      );
      await t.pool.query(`INSERT INTO incident_logs (incident_id, log_id, log_ts) VALUES ($1, $2, $3)`, [
        rows[0].id,
        evidence,
        new Date(old),
      ]);

      const report = await t.app.get(LogRetentionService).applyRetention();
      // Two minute counts, one hourly count, two minute totals.
      expect(report.deletedCountRows).toBeGreaterThanOrEqual(5);
      expect((await countRowsOf(service)).map((row) => row.minute)).toEqual([new Date(base)]);
      expect((await hourRowsOf(service)).map((row) => row.hour)).toEqual([new Date(base)]);
      const { rows: left } = await t.pool.query(
        `SELECT (SELECT count(*) FROM log_minute_counts WHERE minute < $1::timestamptz)::int AS minutes,
                (SELECT count(*) FROM log_hour_counts WHERE hour < $1::timestamptz)::int AS hours,
                (SELECT count(*) FROM log_minute_totals WHERE minute < $1::timestamptz)::int AS totals`,
        [report.cutoff],
      );
      expect(left[0]).toEqual({ minutes: 0, hours: 0, totals: 0 });
      await expectTotalsMatchCounts();
      // The evidence itself stays, but stats only cover the retention period.
      expect((await t.pool.query('SELECT count(*)::int AS n FROM logs WHERE service_id = $1', [service])).rows[0].n).toBe(2);
      const stats = await t.request('GET', `/logs/stats?interval=1d&service_id=${service}&from=${iso(old - DAY)}&to=${iso(old + DAY)}`, {
        token: t.tokens.viewer,
      });
      expect(stats.body.buckets.length).toBeGreaterThanOrEqual(2);
      expect(stats.body.buckets.every((bucket: { total: number }) => bucket.total === 0)).toBe(true);
    });
  });

  describe('GET /services last hour', () => {
    it('counts from an unaligned start: the rest of its minute from logs, whole minutes after it, future logs included', async () => {
      const service = unique('since');
      const since = base + 2 * HOUR + 25_500;
      const at = (offsetMs: number, level: LogLevel = 'ERROR') => ({ service_id: service, level, timestamp: new Date(since + offsetMs) });
      await insertLogs(t.pool, [at(-1, 'FATAL'), at(-25_500, 'FATAL'), at(0), at(10_000), at(34_499), at(34_500, 'WARN'), at(HOUR)]);
      await insertLogs(t.pool, [at(30 * MINUTE, 'INFO'), at(DAY, 'DEBUG')]);
      await compactor.compact();
      await insertLogs(t.pool, [at(1), at(5 * MINUTE, 'INFO')]);
      const counts = (await t.app.get(LogCountsRepository).countByServiceAndLevelSince(new Date(since)))
        .filter((row) => row.service_id === service)
        .sort((a, b) => a.level.localeCompare(b.level));
      expect(counts).toEqual([
        { service_id: service, level: 'DEBUG', count: 1 },
        { service_id: service, level: 'ERROR', count: 5 },
        { service_id: service, level: 'INFO', count: 2 },
        { service_id: service, level: 'WARN', count: 1 },
      ]);
    });

    it('lists last-hour counts per level that match the logs, across compactions', async () => {
      const service = unique('listed');
      const now = Date.now();
      await ingestLogs(t, [
        { service_id: service, level: 'ERROR', timestamp: new Date(now - 30 * MINUTE) },
        { service_id: service, level: 'INFO', timestamp: new Date(now - 2 * HOUR) },
      ]);
      await compactor.compact();
      await ingestLogs(t, [
        { service_id: service, level: 'ERROR', timestamp: new Date(now - 5_000) },
        { service_id: service, level: 'WARN', timestamp: new Date(now - 20 * MINUTE) },
      ]);
      const response = await t.request('GET', '/services', { token: t.tokens.viewer });
      expect(response.status).toBe(200);
      expect(response.body.data.find((entry: { service_id: string }) => entry.service_id === service)).toMatchObject({
        last_hour: { DEBUG: 0, INFO: 0, WARN: 1, ERROR: 2, FATAL: 0 },
        last_hour_total: 3,
      });
    });
  });
});
