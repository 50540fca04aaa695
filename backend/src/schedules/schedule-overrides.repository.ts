import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';

export interface OverrideRecord {
  id: string;
  scheduleId: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
}

/** The schedule_overrides table. */
@Injectable()
export class ScheduleOverridesRepository {
  constructor(private readonly prisma: PrismaService) {}

  create(data: { scheduleId: string; userId: string; startsAt: Date; endsAt: Date }): Promise<OverrideRecord> {
    return this.prisma.scheduleOverride.create({ data });
  }

  /** Oldest first (a later override wins where two overlap). */
  overlapping(scheduleId: string, from: Date, to: Date): Promise<OverrideRecord[]> {
    return this.prisma.scheduleOverride.findMany({
      where: { scheduleId, endsAt: { gt: from }, startsAt: { lt: to } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /** Not yet ended, soonest first. */
  upcoming(scheduleId: string, now: Date, limit: number): Promise<OverrideRecord[]> {
    return this.prisma.scheduleOverride.findMany({
      where: { scheduleId, endsAt: { gt: now } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      take: limit,
    });
  }

  async delete(scheduleId: string, id: string): Promise<boolean> {
    const { count } = await this.prisma.scheduleOverride.deleteMany({ where: { id, scheduleId } });
    return count > 0;
  }
}
