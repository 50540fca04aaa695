import { Client } from 'pg';
import { LogPartitionsService } from '../src/logs/log-partitions.service';
import { LogRetentionService } from '../src/logs/log-retention.service';
import { addDays, isoDay, startOfUtcDay } from '../src/logs/partition-days';
import { startTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('log partitions and retention (LOG_RETENTION_DAYS=30)', () => {
  let t: TestApp;
  const today = startOfUtcDay(new Date());
  const dayAgo = (days: number, hour = 12) => new Date(addDays(today, -days).getTime() + hour * 3_600_000);
  const partitionOf = (days: number) => `logs_p${isoDay(addDays(today, -days)).replace(/-/g, '')}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_RETENTION_DAYS: '30' } });
  });
  afterAll(() => t.close());

  const tableExists = async (name: string) =>
    (await t.pool.query('SELECT to_regclass($1) IS NOT NULL AS present', [name])).rows[0].present as boolean;

  async function insertLog(timestamp: Date, message: string): Promise<{ id: string; timestamp: Date }> {
    const { rows } = await t.pool.query(
      `INSERT INTO logs ("timestamp", service_id, level, message) VALUES ($1, 'retention-svc', 'ERROR', $2) RETURNING id, "timestamp"`,
      [timestamp, message],
    );
    return rows[0];
  }

  async function incident(status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED', logs: { id: string; timestamp: Date }[]): Promise<string> {
    const { rows } = await t.pool.query(
      `INSERT INTO incidents (id, title, severity, status, created_by, updated_at) VALUES (gen_random_uuid(), 'Old burst', 'HIGH', $1, 'test', now()) RETURNING id`,
      [status],
    );
    for (const log of logs)
      await t.pool.query('INSERT INTO incident_logs (incident_id, log_id, log_ts) VALUES ($1, $2, $3)', [
        rows[0].id,
        log.id,
        log.timestamp,
      ]);
    return rows[0].id;
  }

  const messagesLeft = async () =>
    (await t.pool.query(`SELECT message FROM logs WHERE service_id = 'retention-svc' ORDER BY message`)).rows.map((r) => r.message);

  it('creates the daily partitions from yesterday to a week ahead at start', async () => {
    for (const days of [1, 0, -1, -7]) expect(await tableExists(partitionOf(days))).toBe(true);
    expect(await t.app.get(LogPartitionsService).ensurePartitions()).toBe(0);
  });

  it('drops expired days, deletes expired rows elsewhere, and keeps what unresolved incidents need', async () => {
    // Partitions for days long gone, as if the service had been running then.
    await t.pool.query('SELECT ensure_log_partitions($1::date, $2::date)', [isoDay(addDays(today, -45)), isoDay(addDays(today, -30))]);
    await insertLog(dayAgo(45), 'day45 plain a');
    await insertLog(dayAgo(45), 'day45 plain b');
    const openEvidence = await insertLog(dayAgo(44), 'day44 evidence of open incident');
    await insertLog(dayAgo(44), 'day44 plain');
    const resolvedEvidence = await insertLog(dayAgo(43), 'day43 evidence of resolved incident');
    await insertLog(dayAgo(31, 23), 'day31 last expired hour');
    await insertLog(dayAgo(30, 0), 'day30 first kept hour');
    // A day that never had a partition: those rows sit in the default partition.
    const oldAckEvidence = await insertLog(dayAgo(100), 'day100 evidence of acknowledged incident');
    await insertLog(dayAgo(100), 'day100 plain');
    await insertLog(new Date(), 'today');

    const open = await incident('OPEN', [openEvidence]);
    const acknowledged = await incident('ACKNOWLEDGED', [oldAckEvidence]);
    const resolved = await incident('RESOLVED', [resolvedEvidence]);

    const report = await t.app.get(LogRetentionService).applyRetention();

    expect(report).toMatchObject({ ran: true, cutoff: addDays(today, -30).toISOString() });
    expect(report.droppedPartitions).toEqual(expect.arrayContaining([partitionOf(45), partitionOf(43), partitionOf(32), partitionOf(31)]));
    expect(report.keptPartitions).toEqual([partitionOf(44)]);
    expect(await tableExists(partitionOf(45))).toBe(false);
    expect(await tableExists(partitionOf(44))).toBe(true);
    expect(await tableExists(partitionOf(31))).toBe(false);
    expect(await tableExists(partitionOf(30))).toBe(true);
    expect(await messagesLeft()).toEqual([
      'day100 evidence of acknowledged incident',
      'day30 first kept hour',
      'day44 evidence of open incident',
      'today',
    ]);
    // Links of the resolved incident pointed at logs that are gone; the others still resolve.
    const links = (await t.pool.query('SELECT incident_id FROM incident_logs')).rows.map((r) => r.incident_id);
    expect(links.sort()).toEqual([open, acknowledged].sort());
    expect(links).not.toContain(resolved);
    expect(report.deletedIncidentLinks).toBe(1);

    // Once the incident is resolved, its day goes at the next run.
    await t.pool.query(`UPDATE incidents SET status = 'RESOLVED' WHERE id = $1`, [open]);
    const next = await t.app.get(LogRetentionService).applyRetention();
    expect(next.droppedPartitions).toEqual([partitionOf(44)]);
    expect(await messagesLeft()).toEqual(['day100 evidence of acknowledged incident', 'day30 first kept hour', 'today']);
  });

  it('lets only one instance run retention at a time', async () => {
    const other = new Client({ connectionString: t.databaseUrl });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [0x6c6f6773]);
      const report = await t.app.get(LogRetentionService).applyRetention();
      expect(report.ran).toBe(false);
    } finally {
      await other.end();
    }
    expect((await t.app.get(LogRetentionService).applyRetention()).ran).toBe(true);
  });

  it('deletes a large expired backlog in the default partition in batches', async () => {
    await t.pool.query(
      `INSERT INTO logs ("timestamp", service_id, level, message)
       SELECT $1::timestamptz + (n || ' seconds')::interval, 'backlog-svc', 'INFO', 'old ' || n FROM generate_series(1, 12000) n`,
      [new Date(Date.now() - 200 * DAY)],
    );
    const report = await t.app.get(LogRetentionService).applyRetention();
    expect(report.deletedLogs).toBe(12000);
    expect((await t.pool.query(`SELECT count(*)::int AS n FROM logs WHERE service_id = 'backlog-svc'`)).rows[0].n).toBe(0);
  });
});
