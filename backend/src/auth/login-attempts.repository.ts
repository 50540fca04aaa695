import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';

export type Reservation = { reserved: true } | { reserved: false; counted: number; oldest: Date };

// First key of the two-key advisory lock form: keeps these locks apart from other features'.
const LOGIN_LOCK_CLASS = 7_210;

/** The login_attempts table: one row per failed (or in-flight) login for an (email, IP) pair. */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Counts the pair's attempts since `since` and, when fewer than `maxAttempts`, records this
   * attempt before the password is checked. The per-pair lock makes count-and-insert atomic
   * across app instances, so a burst of parallel guesses cannot slip past the limit. The
   * pair's rows older than the window are removed on the way.
   */
  async reserve(email: string, ip: string, now: Date, since: Date, maxAttempts: number): Promise<Reservation> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_LOCK_CLASS, `${email}\n${ip}`]);
      await client.query('DELETE FROM login_attempts WHERE email = $1 AND ip = $2 AND attempted_at <= $3', [email, ip, since]);
      const { rows } = await client.query<{ counted: number; oldest: Date | null }>(
        'SELECT count(*)::int AS counted, min(attempted_at) AS oldest FROM login_attempts WHERE email = $1 AND ip = $2',
        [email, ip],
      );
      const { counted, oldest } = rows[0] ?? { counted: 0, oldest: null };
      if (counted >= maxAttempts && oldest) {
        await client.query('COMMIT');
        return { reserved: false, counted, oldest };
      }
      await client.query('INSERT INTO login_attempts (email, ip, attempted_at) VALUES ($1, $2, $3)', [email, ip, now]);
      await client.query('COMMIT');
      return { reserved: true };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** A successful login forgets the pair's failures. */
  async clear(email: string, ip: string): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE email = $1 AND ip = $2', [email, ip]);
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM login_attempts WHERE attempted_at <= $1', [cutoff]);
    return result.rowCount ?? 0;
  }
}
