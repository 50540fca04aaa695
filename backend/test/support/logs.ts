import type { Pool } from 'pg';
import type { LogLevel } from '../../src/generated/prisma/enums';
import type { TestApp } from './test-app';

export interface TestLog {
  service_id: string;
  level?: LogLevel;
  message?: string;
  /** Default: now. */
  timestamp?: Date;
  metadata?: Record<string, unknown>;
}

/**
 * Writes logs straight into the table, bypassing ingestion: for history (backfilled
 * baselines, millions of rows) and for tests that must not depend on the ingest path.
 * Returns the new rows' ids (as strings: they are bigints).
 */
export async function insertLogs(pool: Pool, rows: TestLog[]): Promise<string[]> {
  const now = new Date();
  const { rows: inserted } = await pool.query<{ id: string }>(
    `INSERT INTO logs ("timestamp", service_id, level, message, metadata)
     SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::"LogLevel"[], $4::text[], $5::jsonb[])
     RETURNING id::text`,
    [
      rows.map((row) => row.timestamp ?? now),
      rows.map((row) => row.service_id),
      rows.map((row) => row.level ?? 'ERROR'),
      rows.map((row) => row.message ?? 'Payment gateway timeout'),
      rows.map((row) => (row.metadata ? JSON.stringify(row.metadata) : null)),
    ],
  );
  return inserted.map((row) => row.id);
}

/** Sends logs the way services do (POST /ingest with the test API key); 201 or the test fails. */
export async function ingestLogs(t: TestApp, rows: TestLog[]): Promise<void> {
  const body = rows.map((row) => ({
    service_id: row.service_id,
    level: row.level ?? 'ERROR',
    message: row.message ?? 'Payment gateway timeout',
    ...(row.timestamp ? { timestamp: row.timestamp.toISOString() } : {}),
    ...(row.metadata ? { metadata: row.metadata } : {}),
  }));
  const response = await t.request('POST', '/ingest', { apiKey: t.apiKey, body });
  if (response.status !== 201) throw new Error(`POST /ingest answered ${response.status}: ${response.text}`);
}

/** Ids of the logs of one service, oldest first (to compare with an incident's evidence). */
export async function logIdsOf(pool: Pool, serviceId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM logs WHERE service_id = $1 ORDER BY "timestamp", id`, [
    serviceId,
  ]);
  return rows.map((row) => row.id);
}

/** Polls `probe` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 5000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);

/** What was stored for one service, oldest first, as the ingest tests compare it. */
export async function storedLogsOf(pool: Pool, serviceId: string) {
  const { rows } = await pool.query<{ service_id: string; level: string; message: string; metadata: unknown; timestamp: Date }>(
    `SELECT service_id, level::text, message, metadata, "timestamp" FROM logs WHERE service_id = $1 ORDER BY "timestamp", id`,
    [serviceId],
  );
  return rows;
}
