// `npm run bench:detection`: detection cost at 1 M and 5 M rows (EXPLAIN + timings), minutes long.
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { RuleEvaluator } from '../src/detection/rule-evaluator';
import { PrismaService } from '../src/database/prisma.service';
import { createTestDatabase } from '../test/support/test-database';
import { startTestApp } from '../test/support/test-app';

const GENERATE = (count: number, fromDays: number, toDays: number) => `
  INSERT INTO logs ("timestamp", service_id, level, message)
  SELECT now() - make_interval(secs => ${fromDays * 86400} + random() * ${(toDays - fromDays) * 86400}),
         'service-' || (g % 50),
         (CASE WHEN r < 0.15 THEN 'DEBUG' WHEN r < 0.85 THEN 'INFO' WHEN r < 0.95 THEN 'WARN' WHEN r < 0.99 THEN 'ERROR' ELSE 'FATAL' END)::"LogLevel",
         'Request ' || g || ' handled in ' || (g % 1000) || ' ms'
  FROM (SELECT g, random() AS r FROM generate_series(1, ${count}) g) s`;

it('measures detection at 1 M and 5 M rows', async () => {
  const db = await createTestDatabase();
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  const out: string[] = [];
  const log = (line: string) => {
    out.push(line);
    console.log(line);
  };
  try {
    await admin.query(`SELECT ensure_log_partitions(current_date - 22, current_date + 1)`);
    // Detection never uses the full-text index; dropping it only makes generating rows faster.
    await admin.query(`DROP INDEX logs_message_fts_idx`);
    let started = Date.now();
    await admin.query(GENERATE(1_000_000, 0, 4));
    log(`inserted 1M rows over the last 4 days in ${Date.now() - started} ms`);
    // Live traffic in the current minute: 30,000 logs (500/s) over 50 services, 2 errors per
    // service, and a burst of 200 errors from one service that crosses "High Error Rate".
    const live = async () => {
      await admin.query(`INSERT INTO logs ("timestamp", service_id, level, message)
        SELECT now() - make_interval(secs => random() * 59), 'service-' || (g % 50), (CASE WHEN g % 3 = 0 THEN 'DEBUG' ELSE 'INFO' END)::"LogLevel", 'ok ' || g
        FROM generate_series(1, 30000) g`);
      await admin.query(`INSERT INTO logs ("timestamp", service_id, level, message)
        SELECT now() - make_interval(secs => random() * 59), 'service-' || (g % 50), 'ERROR', 'Database timeout' FROM generate_series(1, 100) g`);
      await admin.query(`INSERT INTO logs ("timestamp", service_id, level, message)
        SELECT now() - make_interval(secs => random() * 30), 'payment-service', 'ERROR', 'Payment gateway timeout' FROM generate_series(1, 200)`);
      await admin.query('ANALYZE logs');
    };
    await admin.query('ANALYZE logs');
    await live();

    const t = await startTestApp({ databaseUrl: db.url, seed: false, env: { DETECTION_INTERVAL_MS: '3600000' } });
    const evaluator = t.app.get(RuleEvaluator);
    const rules = await t.app.get(PrismaService).detectionRule.findMany({ orderBy: { name: 'desc' } });

    const measure = async (label: string) => {
      const timings: Record<string, number[]> = {};
      for (let i = 0; i < 50; i++) {
        for (const rule of rules) {
          const s = performance.now();
          const outcome = await evaluator.evaluate(rule);
          (timings[rule.name] ??= []).push(performance.now() - s);
          if (i === 0 && outcome.opened) log(`${label}: first run of "${rule.name}" opened ${outcome.opened} incident(s)`);
        }
      }
      for (const [name, values] of Object.entries(timings)) {
        const sorted = values.slice(1).sort((a, b) => a - b);
        log(
          `${label}: "${name}" evaluate(): first ${values[0]!.toFixed(1)} ms, then median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms`,
        );
      }
    };
    const explain = async (label: string) => {
      const { rows: ids } = await admin.query(`SELECT id FROM incidents LIMIT 1`);
      const incidentId = ids[0]?.id;
      const queries: [string, string][] = [
        [
          'threshold count (every service)',
          `SELECT l.service_id, count(*)::int FROM logs l WHERE l.level = ANY('{ERROR,FATAL}'::"LogLevel"[]) AND l."timestamp" > now() - interval '60 seconds' AND l."timestamp" <= now() + interval '5 seconds' GROUP BY l.service_id HAVING count(*) >= 6`,
        ],
        [
          'the same count written with level >= (not used: for comparison)',
          `SELECT l.service_id, count(*)::int FROM logs l WHERE l.level >= 'ERROR' AND l."timestamp" > now() - interval '60 seconds' AND l."timestamp" <= now() + interval '5 seconds' GROUP BY l.service_id HAVING count(*) >= 6`,
        ],
        [
          'attach (INSERT ... SELECT, rolled back)',
          `INSERT INTO incident_logs (incident_id, log_id, log_ts) SELECT '${incidentId}', l.id, l."timestamp" FROM logs l WHERE l.service_id = 'payment-service' AND l.level = ANY('{ERROR,FATAL}'::"LogLevel"[]) AND l."timestamp" > now() - interval '60 seconds' AND l."timestamp" <= now() + interval '5 seconds' AND NOT EXISTS (SELECT 1 FROM incident_logs il WHERE il.incident_id = '${incidentId}' AND il.log_id = l.id) ORDER BY l."timestamp", l.id LIMIT 10000 ON CONFLICT DO NOTHING`,
        ],
        [
          'anomaly baseline per minute (30 min before the window)',
          `SELECT l.service_id, floor(extract(epoch FROM (now() - interval '60 seconds') - l."timestamp") / 60)::int AS minute_ago, count(*)::int FROM logs l WHERE l.level = ANY('{ERROR,FATAL}'::"LogLevel"[]) AND l."timestamp" > now() - interval '31 minutes' AND l."timestamp" <= now() - interval '60 seconds' AND l.service_id = ANY('{payment-service}'::text[]) GROUP BY 1, 2`,
        ],
      ];
      for (const [name, sql] of queries) {
        await admin.query('BEGIN');
        const { rows } = await admin.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`);
        await admin.query('ROLLBACK');
        log(`--- ${label}: ${name}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
      }
    };

    await measure('1M rows');
    await explain('1M rows');

    started = Date.now();
    for (let i = 0; i < 4; i++) await admin.query(GENERATE(1_000_000, 4, 20));
    log(`inserted 4M more rows, 4-20 days old, in ${Date.now() - started} ms`);
    await live();
    const { rows: size } = await admin.query(
      `SELECT count(*)::int AS n, pg_size_pretty(sum(pg_total_relation_size(inhrelid))) AS size, count(DISTINCT inhrelid)::int AS partitions FROM pg_inherits WHERE inhparent = 'logs'::regclass`,
    );
    const { rows: total } = await admin.query(`SELECT count(*)::int AS n FROM logs`);
    log(`logs: ${total[0].n} rows in ${size[0].partitions} partitions, ${size[0].size} with indexes`);
    await measure('5M rows');
    await explain('5M rows');
    // What an unbounded query would cost, for comparison.
    const s = performance.now();
    await admin.query(`SELECT service_id, count(*) FROM logs WHERE level >= 'ERROR' GROUP BY service_id`);
    log(`for comparison, counting ERROR+ over the whole table: ${(performance.now() - s).toFixed(0)} ms`);
    await t.close();
  } finally {
    await admin.end();
    await db.drop();
    writeFileSync('bench/detection-results.txt', out.join('\n') + '\n');
  }
}, 3_600_000);
