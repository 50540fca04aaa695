import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../../database/pg-pool';

/** How long a started SSO sign-in may take at the provider. */
export const SSO_LOGIN_TTL_SECONDS = 600;

/** The SQL of `sso_login_states`: sign-ins in flight, taken once by their callback. */
@Injectable()
export class SsoLoginStatesRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  /**
   * Stores a started sign-in unless `maxPending` are already in flight (a flood of unanswered
   * starts must not grow the table without bound); clears expired ones first. False when full.
   */
  async save(stateHash: string, codeVerifier: string, nonce: string, now: Date, maxPending: number): Promise<boolean> {
    await this.pool.query(`DELETE FROM sso_login_states WHERE created_at < $1`, [new Date(now.getTime() - SSO_LOGIN_TTL_SECONDS * 1000)]);
    const { rowCount } = await this.pool.query(
      `INSERT INTO sso_login_states (state_hash, code_verifier, nonce, created_at)
       SELECT $1, $2, $3, $4 WHERE (SELECT count(*) FROM sso_login_states) < $5`,
      [stateHash, codeVerifier, nonce, now, maxPending],
    );
    return rowCount === 1;
  }

  /** Takes (deletes and returns) the sign-in with this state if it is still fresh: a second take finds nothing. */
  async take(stateHash: string, now: Date): Promise<{ codeVerifier: string; nonce: string } | null> {
    const { rows } = await this.pool.query<{ code_verifier: string; nonce: string; created_at: Date }>(
      `DELETE FROM sso_login_states WHERE state_hash = $1 RETURNING code_verifier, nonce, created_at`,
      [stateHash],
    );
    const row = rows[0];
    if (!row || now.getTime() - row.created_at.getTime() > SSO_LOGIN_TTL_SECONDS * 1000) return null;
    return { codeVerifier: row.code_verifier, nonce: row.nonce };
  }
}
