import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { AttemptHistory } from './login-throttle';

export type Reservation = { reserved: true; id: string; knownAddress: boolean } | { reserved: false; retryAfterSeconds: number };

// First key of the two-key advisory lock form: keeps these locks apart from other features'.
const LOGIN_LOCK_CLASS = 7_210;

/**
 * The login throttle's tables: login_attempts (one row per failed or in-flight login) and
 * login_known_addresses (where each email last signed in successfully). `ip` is the client's
 * address key (see clientAddressKey).
 */
@Injectable()
export class LoginAttemptsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Reads the email's attempts since `since` and, unless `refusal` says to wait, records this
   * attempt before the password is checked. The per-email lock makes read-and-insert atomic
   * across app instances for the pair and the account limits alike, so parallel guesses cannot
   * slip past either. The email's rows older than the window are removed on the way.
   */
  async reserve(
    email: string,
    ip: string,
    times: { now: Date; since: Date; knownSince: Date },
    refusal: (history: AttemptHistory) => number | undefined,
  ): Promise<Reservation> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_LOCK_CLASS, email]);
      await client.query('DELETE FROM login_attempts WHERE email = $1 AND attempted_at <= $2', [email, times.since]);
      const { rows } = await client.query<AttemptHistory>(
        `SELECT count(*) FILTER (WHERE ip = $2)::int AS "pairFailures",
                min(attempted_at) FILTER (WHERE ip = $2) AS "pairOldest",
                count(*)::int AS "accountFailures",
                max(attempted_at) AS "accountLatest",
                EXISTS (SELECT 1 FROM login_known_addresses
                        WHERE email = $1 AND ip = $2 AND last_success_at > $3) AS "knownAddress"
         FROM login_attempts WHERE email = $1`,
        [email, ip, times.knownSince],
      );
      const history = rows[0]!;
      const retryAfterSeconds = refusal(history);
      if (retryAfterSeconds !== undefined) {
        await client.query('COMMIT');
        return { reserved: false, retryAfterSeconds };
      }
      const inserted = await client.query<{ id: string }>(
        'INSERT INTO login_attempts (email, ip, attempted_at) VALUES ($1, $2, $3) RETURNING id::text',
        [email, ip, times.now],
      );
      await client.query('COMMIT');
      return { reserved: true, id: inserted.rows[0]!.id, knownAddress: history.knownAddress };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Takes back a reserved attempt whose password was never checked. */
  async release(id: string): Promise<void> {
    await this.pool.query('DELETE FROM login_attempts WHERE id = $1', [id]);
  }

  /** A successful login forgets the pair's failures and remembers the address for the email. */
  async recordSuccess(email: string, ip: string, now: Date): Promise<void> {
    await this.pool.query(
      `WITH cleared AS (DELETE FROM login_attempts WHERE email = $1 AND ip = $2)
       INSERT INTO login_known_addresses (email, ip, last_success_at) VALUES ($1, $2, $3)
       ON CONFLICT (email, ip) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
      [email, ip, now],
    );
  }

  async deleteOlderThan(attemptsCutoff: Date, knownAddressesCutoff: Date): Promise<number> {
    const attempts = await this.pool.query('DELETE FROM login_attempts WHERE attempted_at <= $1', [attemptsCutoff]);
    await this.pool.query('DELETE FROM login_known_addresses WHERE last_success_at <= $1', [knownAddressesCutoff]);
    return attempts.rowCount ?? 0;
  }
}
