import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { Role } from '../generated/prisma/enums';
import { CreateOverrideDto } from './dto/override-input.dto';
import { OnCallDto, OverrideDto, ScheduleDto, ScheduleSummaryDto, ShiftDto } from './dto/schedule.response';
import { CreateScheduleDto, UpdateScheduleDto } from './dto/schedule-input.dto';
import { OnCallQueryDto, ShiftsQueryDto } from './dto/schedule-queries.dto';
import { ScheduleOverridesService } from './schedule-overrides.service';
import { ScheduleTimelineService } from './schedule-timeline.service';
import { SchedulesService } from './schedules.service';

const ID_PARAM = { name: 'id', format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' } as const;

@ApiTags('schedules')
@Roles(Role.VIEWER)
@Controller('schedules')
export class SchedulesController {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly timeline: ScheduleTimelineService,
    private readonly overrides: ScheduleOverridesService,
  ) {}

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: 'Create an on-call schedule (ADMIN)',
    description:
      'Layers stack, lowest first: a later layer wins where it has someone. DAILY/WEEKLY hand-offs happen at the local ' +
      'handoff_time in time_zone (kept across DST); HOURS turns have a fixed length.',
  })
  @ApiCreatedResponse({ type: ScheduleDto })
  @ApiBadRequestResponse({ description: 'Invalid field, named in details (e.g. layers[0].time_zone, layers[1].participant_ids)' })
  @ApiConflictResponse({ description: 'The name is taken' })
  create(@Body() body: CreateScheduleDto): Promise<ScheduleDto> {
    return this.schedules.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List schedules by name, with who is on call now and next' })
  @ApiOkResponse({ type: [ScheduleSummaryDto] })
  list(): Promise<ScheduleSummaryDto[]> {
    return this.schedules.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One schedule: layers, current and upcoming overrides, on call now and next' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ScheduleDto })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  get(@UuidParam() id: string): Promise<ScheduleDto> {
    return this.schedules.get(id);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Change a schedule (ADMIN); layers, when sent, replace all layers' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ScheduleDto })
  @ApiBadRequestResponse({ description: 'Invalid field, or nothing to change' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  @ApiConflictResponse({ description: 'The name is taken' })
  update(@UuidParam() id: string, @Body() body: UpdateScheduleDto): Promise<ScheduleDto> {
    return this.schedules.update(id, body);
  }

  @Delete(':id')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a schedule with its layers, overrides and calendar feeds (ADMIN)' })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  remove(@UuidParam() id: string): Promise<void> {
    return this.schedules.remove(id);
  }

  @Get(':id/on-call')
  @ApiOperation({ summary: 'Who is on call at an instant (default now), and until when' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: OnCallDto })
  @ApiBadRequestResponse({ description: 'at is not an ISO 8601 date-time' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  onCall(@UuidParam() id: string, @Query() query: OnCallQueryDto): Promise<OnCallDto> {
    return this.timeline.onCallAt(id, query.at);
  }

  @Get(':id/shifts')
  @ApiOperation({
    summary: 'Who is on call over [from, to): the final timeline (layers stacked, overrides applied), clipped to the window',
    description: 'Stretches with nobody on call are left out. Default: the next 14 days; at most 90 days.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: [ShiftDto] })
  @ApiBadRequestResponse({ description: 'from/to not ISO 8601, to not after from, or more than 90 days apart' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  shifts(@UuidParam() id: string, @Query() query: ShiftsQueryDto): Promise<ShiftDto[]> {
    return this.timeline.shifts(id, query.from, query.to);
  }

  @Post(':id/overrides')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Put someone on call over a time range, above every layer (ADMIN); the newest override wins an overlap' })
  @ApiParam(ID_PARAM)
  @ApiCreatedResponse({ type: OverrideDto })
  @ApiBadRequestResponse({ description: 'user_id not an active user, ends_at not after starts_at or more than 90 days after it' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  addOverride(@UuidParam() id: string, @Body() body: CreateOverrideDto): Promise<OverrideDto> {
    return this.overrides.add(id, body);
  }

  @Delete(':id/overrides/:overrideId')
  @Roles(Role.ADMIN)
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an override (ADMIN)' })
  @ApiParam(ID_PARAM)
  @ApiParam({ name: 'overrideId', format: 'uuid', example: '3f4e5d6c-7b8a-4d9e-8f0a-1b2c3d4e5f60' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such override in this schedule' })
  removeOverride(@UuidParam() id: string, @UuidParam('overrideId') overrideId: string): Promise<void> {
    return this.overrides.remove(id, overrideId);
  }
}
