import { AuditModule } from '../audit';
import { Module } from '@nestjs/common';
import { UsersModule } from '../users';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsRepository } from './calendar-feeds.repository';
import { CalendarFeedsService } from './calendar-feeds.service';
import { OnCallLookup } from './on-call-lookup';
import { OnCallService } from './on-call.service';
import { ScheduleOverridesRepository } from './schedule-overrides.repository';
import { ScheduleOverridesService } from './schedule-overrides.service';
import { ScheduleRoster } from './schedule-roster';
import { ScheduleTimelineService } from './schedule-timeline.service';
import { SchedulesController } from './schedules.controller';
import { SchedulesRepository } from './schedules.repository';
import { SchedulesService } from './schedules.service';

/** On-call schedules: rotation layers, overrides, who is on call, and iCalendar feeds. */
@Module({
  imports: [AuditModule, UsersModule],
  controllers: [SchedulesController, CalendarFeedsController],
  providers: [
    SchedulesRepository,
    ScheduleOverridesRepository,
    CalendarFeedsRepository,
    ScheduleRoster,
    OnCallService,
    SchedulesService,
    ScheduleTimelineService,
    ScheduleOverridesService,
    CalendarFeedsService,
    OnCallLookup,
  ],
  exports: [OnCallLookup],
})
export class SchedulesModule {}
