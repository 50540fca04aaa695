import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { inTransaction, type Queryable } from '../database/pg-transaction';

export type Introduction =
  | { admitted: true }
  /** `retryAt`: when enough of the key's earlier introductions leave the window; null when the request alone is too many. */
  | { admitted: false; fresh: string[]; introducedInWindow: number; retryAt: Date | null };

// First key of the two-key advisory lock form: keeps these locks apart from other features'.
const INTRODUCTION_LOCK_CLASS = 7_211;

/** The service_introductions table: which key introduced which service id, and when. */
@Injectable()
export class ServiceIntroductionsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /** Those of `serviceIds` that are not new: stored logs already (services) or introduced by some key. */
  async known(serviceIds: string[], client: Queryable = this.pool): Promise<string[]> {
    const { rows } = await client.query<{ service_id: string }>(
      `SELECT s.service_id FROM unnest($1::text[]) AS s(service_id)
       WHERE EXISTS (SELECT 1 FROM services WHERE service_id = s.service_id)
          OR EXISTS (SELECT 1 FROM service_introductions WHERE service_id = s.service_id)`,
      [serviceIds],
    );
    return rows.map((row) => row.service_id);
  }

  /**
   * Records the new ones among `serviceIds` as introduced by the key, if they fit in what it
   * may still introduce since `since`; all or none. The per-key lock makes count-and-insert
   * atomic across app instances, so parallel requests cannot slip past the limit together.
   */
  introduce(apiKeyId: string, serviceIds: string[], now: Date, since: Date, limit: number): Promise<Introduction> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [INTRODUCTION_LOCK_CLASS, apiKeyId]);
      // Again under the lock: another request may have introduced some of them meanwhile.
      const known = new Set(await this.known(serviceIds, client));
      const fresh = serviceIds.filter((id) => !known.has(id));
      if (fresh.length === 0) return { admitted: true };
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM service_introductions WHERE api_key_id = $1 AND introduced_at > $2',
        [apiKeyId, since],
      );
      const introducedInWindow = rows[0]!.n;
      if (introducedInWindow + fresh.length > limit) {
        // Room for them once the (excess)-th oldest introduction of the window has left it.
        const freeing =
          fresh.length > limit ? null : await this.nthOldest(client, apiKeyId, since, introducedInWindow + fresh.length - limit);
        const retryAt = freeing && new Date(freeing.getTime() + (now.getTime() - since.getTime()));
        return { admitted: false, fresh, introducedInWindow, retryAt };
      }
      await client.query(
        `INSERT INTO service_introductions (service_id, api_key_id, introduced_at)
         SELECT unnest($1::text[]), $2, $3 ON CONFLICT (service_id) DO NOTHING`,
        [fresh, apiKeyId, now],
      );
      return { admitted: true };
    });
  }

  /** Rows at or before `cutoff` count no more. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM service_introductions WHERE introduced_at <= $1', [cutoff]);
    return result.rowCount ?? 0;
  }

  /** When the key's n-th oldest introduction after `since` was made. */
  private async nthOldest(client: Queryable, apiKeyId: string, since: Date, n: number): Promise<Date | null> {
    const { rows } = await client.query<{ introduced_at: Date }>(
      `SELECT introduced_at FROM service_introductions WHERE api_key_id = $1 AND introduced_at > $2
       ORDER BY introduced_at OFFSET $3 LIMIT 1`,
      [apiKeyId, since, n - 1],
    );
    return rows[0]?.introduced_at ?? null;
  }
}
