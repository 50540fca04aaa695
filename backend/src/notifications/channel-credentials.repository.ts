import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import type { StoredCredentials } from './channel-credentials';

/** The stored URL and secret of every channel, for re-encryption at boot. */
@Injectable()
export class ChannelCredentialsRepository {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async listAll(): Promise<StoredCredentials[]> {
    const { rows } = await this.pool.query<StoredCredentials>('SELECT id, url, secret FROM notification_channels ORDER BY id');
    return rows;
  }

  /**
   * Replaces a channel's stored values only if they are still `before`: a change made through
   * the API meanwhile (or by another instance's pass) wins. updated_at is left alone: the
   * channel's settings did not change.
   */
  async replace(before: StoredCredentials, after: { url: string; secret: string | null }): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notification_channels SET url = $4, secret = $5
       WHERE id = $1 AND url = $2 AND secret IS NOT DISTINCT FROM $3`,
      [before.id, before.url, before.secret, after.url, after.secret],
    );
    return result.rowCount === 1;
  }
}
