import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { PrismaService } from '../database/prisma.service';
import type { NotificationChannel, Prisma } from '../generated/prisma/client';
import type { StoredCredentials } from './channel-credentials';

/** The notification_channels table (url and secret as stored: sealed by ChannelCredentials). */
@Injectable()
export class NotificationChannelsRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  create(data: Prisma.NotificationChannelCreateInput): Promise<NotificationChannel> {
    return this.prisma.notificationChannel.create({ data });
  }

  /** Oldest first. */
  list(): Promise<NotificationChannel[]> {
    return this.prisma.notificationChannel.findMany({ orderBy: { createdAt: 'asc' } });
  }

  findById(id: string): Promise<NotificationChannel | null> {
    return this.prisma.notificationChannel.findUnique({ where: { id } });
  }

  update(id: string, data: Prisma.NotificationChannelUpdateInput): Promise<NotificationChannel> {
    return this.prisma.notificationChannel.update({ where: { id }, data });
  }

  /** False when there was no such channel. Its deliveries go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.notificationChannel.deleteMany({ where: { id } });
    return count > 0;
  }

  /** The stored URL and secret of every channel, for re-encryption at boot. */
  async listStoredCredentials(): Promise<StoredCredentials[]> {
    const { rows } = await this.pool.query<StoredCredentials>('SELECT id, url, secret FROM notification_channels ORDER BY id');
    return rows;
  }

  /**
   * Replaces a channel's stored values only if they are still `before`: a change made through
   * the API meanwhile (or by another instance's pass) wins. updated_at is left alone: the
   * channel's settings did not change.
   */
  async replaceCredentials(before: StoredCredentials, after: { url: string; secret: string | null }): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE notification_channels SET url = $4, secret = $5
       WHERE id = $1 AND url = $2 AND secret IS NOT DISTINCT FROM $3`,
      [before.id, before.url, before.secret, after.url, after.secret],
    );
    return result.rowCount === 1;
  }
}
