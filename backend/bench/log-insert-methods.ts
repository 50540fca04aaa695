// Which multi-row write does the group commit use? INSERT ... SELECT FROM unnest(arrays)
// against COPY FROM STDIN, same rows, same partitioned table and indexes, durable commits.
//   npm run build && node dist/bench/log-insert-methods.js
// Env: BENCH_DATABASE_URL (else a throw-away embedded PostgreSQL), INSERT_BENCH_SECONDS (default 4),
// INSERT_BENCH_SIZES (default 1,10,100,500,2000).
import { Pool, type PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { applyPendingMigrations } from '../src/database/migrations/migrate';
import { logBatchStatement } from '../src/logs/log-batch-insert';
import type { LogRow } from '../src/ingestion/log-validation';
import { startBenchDatabase } from './bench-env';

const SECONDS = Number(process.env.INSERT_BENCH_SECONDS ?? 4);
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

function rows(count: number): LogRow[] {
  return Array.from({ length: count }, (_, i) => ({
    timestampMs: Date.now() - i,
    serviceId: `service-${i % 20}`,
    level: LEVELS[i % 5]!,
    message: `Payment gateway answered in ${i % 900}ms for transaction tx_${i} (attempt 1)`,
    metadata: JSON.stringify({ transaction_id: `tx_${i}`, region: 'eu-west-1', amount_cents: i }),
  }));
}

const copyText = (value: string) => value.replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);

async function writeWithCopy(client: PoolClient, batch: LogRow[]): Promise<void> {
  const lines = batch.map(
    (r) =>
      `${new Date(r.timestampMs).toISOString()}\t${copyText(r.serviceId)}\t${r.level}\t${copyText(r.message)}\t${r.metadata === null ? '\\N' : copyText(r.metadata)}\n`,
  );
  const stream = client.query(copyFrom('COPY logs ("timestamp", service_id, level, message, metadata) FROM STDIN'));
  await pipeline(Readable.from([lines.join('')]), stream);
}

async function writeWithUnnest(client: PoolClient, batch: LogRow[]): Promise<void> {
  const statement = logBatchStatement(batch, []);
  await client.query(statement.text, statement.values);
}

async function measure(pool: Pool, method: 'unnest' | 'copy', batchSize: number, writers: number) {
  const batch = rows(batchSize);
  const deadline = Date.now() + SECONDS * 1000;
  let written = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: writers }, async () => {
      const client = await pool.connect();
      try {
        while (Date.now() < deadline) {
          const started = performance.now();
          await (method === 'copy' ? writeWithCopy(client, batch) : writeWithUnnest(client, batch));
          latencies.push(performance.now() - started);
          written += batchSize;
        }
      } finally {
        client.release();
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return { rowsPerSecond: Math.round(written / SECONDS), p50Ms: +latencies[Math.floor(latencies.length / 2)]!.toFixed(2) };
}

async function main() {
  const database = await startBenchDatabase();
  try {
    await applyPendingMigrations(database.url);
    const pool = new Pool({ connectionString: database.url, max: 8 });
    await pool.query(`SELECT ensure_log_partitions(current_date - 1, current_date + 1)`);
    console.log('method  batch writers  rows/s   p50 ms');
    const sizes = (process.env.INSERT_BENCH_SIZES ?? '1,10,100,500,2000').split(',').map(Number);
    for (const batchSize of sizes) {
      for (const method of ['unnest', 'copy'] as const) {
        const result = await measure(pool, method, batchSize, 4);
        console.log(
          `${method.padEnd(7)} ${String(batchSize).padStart(5)} ${String(4).padStart(7)} ${String(result.rowsPerSecond).padStart(8)} ${String(result.p50Ms).padStart(8)}`,
        );
      }
    }
    // What each index of `logs` costs the writer: drop them one by one, same load (unnest, 500 rows).
    console.log('\nunnest, 500-row batches, 4 writers, after dropping (cumulative):');
    console.log(`  all indexes             ${(await measure(pool, 'unnest', 500, 4)).rowsPerSecond} rows/s`);
    for (const index of ['logs_message_fts_idx', 'logs_id_idx', 'logs_service_id_level_timestamp_idx', 'logs_level_timestamp_idx']) {
      await pool.query(`DROP INDEX ${index}`);
      console.log(`  - ${index.padEnd(36)} ${(await measure(pool, 'unnest', 500, 4)).rowsPerSecond} rows/s`);
    }
    await pool.end();
  } finally {
    await database.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
