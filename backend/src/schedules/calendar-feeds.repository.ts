import { ConflictException, Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import { isUniqueViolation } from '../database/unique-violation';

export interface FeedRecord {
  id: string;
  userId: string;
  scheduleId: string | null;
  createdAt: Date;
}

const FEED_COLUMNS = { id: true, userId: true, scheduleId: true, createdAt: true } as const;

/** The calendar_feeds table (token hashes only). */
@Injectable()
export class CalendarFeedsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Drops the user's feed for this scope (its old URL stops working) and stores the new one, atomically. */
  async replace(userId: string, scheduleId: string | null, tokenHash: string): Promise<FeedRecord> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.calendarFeed.deleteMany({ where: { userId, scheduleId } });
        return tx.calendarFeed.create({ data: { userId, scheduleId, tokenHash }, select: FEED_COLUMNS });
      });
    } catch (error) {
      // Two requests for the same feed at once: the unique index keeps one; the other is told so.
      if (isUniqueViolation(error)) throw new ConflictException('Another request replaced this feed at the same moment: try again');
      throw error;
    }
  }

  async delete(userId: string, scheduleId: string | null): Promise<boolean> {
    const { count } = await this.prisma.calendarFeed.deleteMany({ where: { userId, scheduleId } });
    return count > 0;
  }

  listOwnedBy(userId: string): Promise<FeedRecord[]> {
    return this.prisma.calendarFeed.findMany({ where: { userId }, select: FEED_COLUMNS, orderBy: { createdAt: 'asc' } });
  }

  findByTokenHash(tokenHash: string): Promise<FeedRecord | null> {
    return this.prisma.calendarFeed.findUnique({ where: { tokenHash }, select: FEED_COLUMNS });
  }
}
