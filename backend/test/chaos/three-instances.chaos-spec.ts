import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/dev-database/embedded-postgres';
import { freePort } from '../../src/dev-database/free-port';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { createApiKey, sleep } from './chaos-support';

describe('three instances on one database, concurrent bursts', () => {
  let dataDir: string;
  let pg: RunningPostgres;
  const apps: AppProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chaos-three-'));
    pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'chaos' });
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGTERM')));
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens exactly one incident per service and loses no log', async () => {
    // All three boot at once against an empty database: the migration lock is exercised too.
    apps.push(...(await Promise.all([0, 1, 2].map(() => startAppProcess({ DATABASE_URL: pg.url })))));
    const apiKey = await createApiKey(pg.url);
    const services = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'].map((s) => `chaos-three-${s}`);
    let accepted = 0;
    await Promise.all(
      services.flatMap((service) =>
        Array.from({ length: 30 }, async (_, i) => {
          const app = apps[i % 3]!;
          const response = await fetch(`${app.baseUrl}/ingest`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
            body: JSON.stringify({ service_id: service, level: 'ERROR', message: `burst ${i}` }),
          });
          if (response.status === 201) accepted++;
        }),
      ),
    );
    expect(accepted).toBe(services.length * 30);
    await sleep(3000);

    const pool = new Pool({ connectionString: pg.url, max: 1 });
    try {
      const logs = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM logs WHERE service_id LIKE 'chaos-three-%'`);
      expect(Number(logs.rows[0]!.n)).toBe(accepted);
      const incidents = await pool.query<{ service_id: string; n: string }>(
        `SELECT i.service_id, count(*) AS n FROM incidents i JOIN detection_rules r ON r.id = i.rule_id
          WHERE r.kind = 'THRESHOLD' AND i.service_id LIKE 'chaos-three-%' GROUP BY i.service_id`,
      );
      expect(incidents.rows.map((r) => [r.service_id, Number(r.n)]).sort()).toEqual(services.map((s) => [s, 1]).sort());
    } finally {
      await pool.end();
    }
  });
});
