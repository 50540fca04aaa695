import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import { generateApiKey } from '../../src/api-keys/api-key-secret';

const run = promisify(execFile);

/** Inserts an API key straight into the database (the app may not be up) and returns it. */
export async function createApiKey(databaseUrl: string): Promise<string> {
  const { key, prefix, hash } = generateApiKey();
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query('INSERT INTO api_keys (id, name, prefix, key_hash) VALUES (gen_random_uuid(), $1, $2, $3)', ['chaos', prefix, hash]);
  } finally {
    await pool.end();
  }
  return key;
}

/** The connection string of the embedded PostgreSQL an app process started under dataDir. */
export async function embeddedUrl(dataDir: string, port: number, database = 'incidents'): Promise<string> {
  const password = (await readFile(join(dataDir, 'pg-password'), 'utf8')).trim();
  return `postgresql://postgres:${encodeURIComponent(password)}@localhost:${port}/${database}`;
}

/** SIGKILL for the whole PostgreSQL server (postmaster and every backend), like a power cut. */
export async function killPostgres(dataDir: string): Promise<void> {
  const pid = Number((await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const { stdout } = await run('ps', ['-o', 'pgid=', '-p', String(pid)]);
  process.kill(-Number(stdout.trim()), 'SIGKILL');
}

export interface IngestLoop {
  acknowledged: Set<string>;
  statuses: Map<number, number>;
  stop(): Promise<void>;
}

/**
 * `workers` concurrent clients posting one uniquely numbered log each, again and again.
 * Every message that got a 201 is remembered: after any crash it must be in the database.
 */
export function startIngestLoop(baseUrl: () => string, apiKey: string, service: string, workers = 20): IngestLoop {
  const acknowledged = new Set<string>();
  const statuses = new Map<number, number>();
  let running = true;
  let sequence = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const message = `${service}-${sequence++}`;
      try {
        const response = await fetch(`${baseUrl()}/ingest`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
          body: JSON.stringify({ service_id: service, level: 'INFO', message }),
          signal: AbortSignal.timeout(10_000),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        await response.arrayBuffer();
        if (response.status === 201) acknowledged.add(message);
      } catch {
        statuses.set(0, (statuses.get(0) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  return {
    acknowledged,
    statuses,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

export async function storedMessages(databaseUrl: string, service: string): Promise<Set<string>> {
  const pool = new Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const { rows } = await pool.query<{ message: string }>('SELECT message FROM logs WHERE service_id = $1', [service]);
    return new Set(rows.map((r) => r.message));
  } finally {
    await pool.end();
  }
}

export const missing = (acknowledged: Set<string>, stored: Set<string>) => [...acknowledged].filter((m) => !stored.has(m));

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
