import { Injectable, NotFoundException } from '@nestjs/common';
import { Clock } from '../common/clock';
import { renderCalendar, type CalendarEvent } from './calendar-document';
import { generateFeedToken, hashFeedToken, isFeedTokenShaped } from './calendar-feed-token';
import { CalendarFeedsRepository, type FeedRecord } from './calendar-feeds.repository';
import type { CalendarFeedDto, CreatedCalendarFeedDto } from './dto/calendar-feed.response';
import { OnCallService } from './on-call.service';
import { ScheduleRoster, type Roster } from './schedule-roster';
import { SchedulesRepository, type ScheduleDefinition } from './schedules.repository';
import { SchedulesService } from './schedules.service';

const DAY_MS = 86_400_000;
/** What a feed shows: a week back (last week's shifts stay visible), 60 days ahead. */
export const FEED_DAYS_BACK = 7;
export const FEED_DAYS_AHEAD = 60;

const toDto = (feed: FeedRecord): CalendarFeedDto => ({ schedule_id: feed.scheduleId, created_at: feed.createdAt.toISOString() });

/** Secret iCalendar subscription URLs: one per user per schedule, and one for a user's own shifts. */
@Injectable()
export class CalendarFeedsService {
  constructor(
    private readonly feeds: CalendarFeedsRepository,
    private readonly schedules: SchedulesService,
    private readonly definitions: SchedulesRepository,
    private readonly onCall: OnCallService,
    private readonly roster: ScheduleRoster,
    private readonly clock: Clock,
  ) {}

  /** A new secret URL for this scope; the previous one (if any) stops working at once. */
  async issue(userId: string, scheduleId: string | null, baseUrl: string): Promise<CreatedCalendarFeedDto> {
    if (scheduleId) await this.schedules.find(scheduleId);
    const { token, hash } = generateFeedToken();
    const feed = await this.feeds.replace(userId, scheduleId, hash);
    return { ...toDto(feed), url: `${baseUrl.replace(/\/+$/, '')}/calendar-feeds/${token}/feed.ics` };
  }

  async revoke(userId: string, scheduleId: string | null): Promise<void> {
    if (!(await this.feeds.delete(userId, scheduleId))) throw new NotFoundException('No such calendar feed to revoke');
  }

  async list(userId: string): Promise<CalendarFeedDto[]> {
    return (await this.feeds.listOwnedBy(userId)).map(toDto);
  }

  /** The feed's iCalendar text; 404 for an unknown, replaced or revoked token, or a deactivated owner. */
  async render(token: string): Promise<string> {
    const feed = isFeedTokenShaped(token) ? await this.feeds.findByTokenHash(hashFeedToken(token)) : null;
    const roster = await this.roster.load();
    if (!feed || roster.get(feed.userId)?.active !== true) throw new NotFoundException('No such calendar feed');
    const now = this.clock.now().getTime();
    const from = new Date(now - FEED_DAYS_BACK * DAY_MS);
    const to = new Date(now + FEED_DAYS_AHEAD * DAY_MS);
    if (feed.scheduleId) {
      const schedule = await this.definitions.findById(feed.scheduleId);
      if (!schedule) throw new NotFoundException('No such calendar feed');
      return renderCalendar(`On call: ${schedule.name}`, await this.events(schedule, roster, from, to, null));
    }
    const involved = await this.definitions.listInvolving(feed.userId, from);
    const events = (await Promise.all(involved.map((schedule) => this.events(schedule, roster, from, to, feed.userId)))).flat();
    return renderCalendar('My on-call shifts', events);
  }

  /** Shifts as events; only `onlyUserId`'s when given (a personal feed). */
  private async events(
    schedule: ScheduleDefinition,
    roster: Roster,
    from: Date,
    to: Date,
    onlyUserId: string | null,
  ): Promise<CalendarEvent[]> {
    const segments = await this.onCall.timeline(schedule, roster, from, to);
    return segments
      .filter((segment) => segment.userId !== null && (onlyUserId === null || segment.userId === onlyUserId))
      .map((segment) => {
        const email = roster.get(segment.userId!)?.email ?? segment.userId!;
        return {
          uid: `${schedule.id}-${segment.userId}-${segment.start.getTime()}@on-call`,
          start: segment.start,
          end: segment.end,
          summary: onlyUserId ? `On call: ${schedule.name}` : `${email} on call (${schedule.name})`,
          description: `Schedule ${schedule.name}: ${email} is on call.`,
        };
      });
  }
}
