import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyAuth, Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { CreateIncidentDto } from './dto/create-incident.dto';
import { EvidencePageDto } from './dto/evidence-log.dto';
import { CommentDto, ResolveIncidentDto } from './dto/incident-actions.dto';
import { IncidentStatsDto, IncidentStatsQueryDto } from './dto/incident-stats.dto';
import { IncidentDetailDto, IncidentPageDto } from './dto/incident.dto';
import { ListIncidentsQueryDto } from './dto/list-incidents.query';
import { PageQueryDto } from './dto/page.dto';
import { TimelineEntryDto, TimelinePageDto } from './dto/timeline-entry.dto';
import { UpdateIncidentDto } from './dto/update-incident.dto';
import { CurrentActor, type IncidentActor } from './incident-actor';
import { IncidentStatsService } from './incident-stats.service';
import { IncidentsService } from './incidents.service';
import { UuidParam } from '../common/uuid-param';

const TRANSITION_REFUSED = 'The move is not allowed from the current status (the message names the allowed ones)';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly incidentStats: IncidentStatsService,
  ) {}

  @Post()
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'Open an incident by hand' })
  @ApiCreatedResponse({ type: IncidentDetailDto })
  @ApiBadRequestResponse({ description: 'Invalid body (e.g. a status other than OPEN)' })
  create(@CurrentActor() by: IncidentActor, @Body() dto: CreateIncidentDto): Promise<IncidentDetailDto> {
    return this.incidents.create(by, dto);
  }

  @Get()
  @Roles(Role.VIEWER)
  @ApiKeyAuth('incidents:read', { alsoUsers: true })
  @ApiOperation({ summary: 'List incidents with filters (status, severity, service, created in [from, to)), a sort and page/limit paging' })
  @ApiOkResponse({ type: IncidentPageDto })
  @ApiBadRequestResponse({
    description:
      'A filter, sort, page or limit outside its allowed values, a date that is not ISO 8601, or from after to (names the field)',
  })
  list(@Query() query: ListIncidentsQueryDto): Promise<IncidentPageDto> {
    return this.incidents.list(query);
  }

  @Get('stats')
  @Roles(Role.VIEWER)
  @ApiOperation({
    summary: 'Counts by status and severity, MTTA and MTTR (mean, p90) and incidents per day, of incidents created in [from, to)',
    description: 'Also what is unresolved right now, whatever the range (`unresolved_now`).',
  })
  @ApiOkResponse({ type: IncidentStatsDto })
  @ApiBadRequestResponse({
    description: 'A date that is not ISO 8601, from after to, or more than 366 days from `from` to `to` (per-day counts)',
  })
  stats(@Query() query: IncidentStatsQueryDto): Promise<IncidentStatsDto> {
    return this.incidentStats.stats(query);
  }

  @Get(':id')
  @Roles(Role.VIEWER)
  @ApiKeyAuth('incidents:read', { alsoUsers: true })
  @ApiOperation({ summary: 'One incident, with its log and timeline counts and the rule that opened it' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  findOne(@UuidParam() id: string): Promise<IncidentDetailDto> {
    return this.incidents.findOne(id);
  }

  @Get(':id/logs')
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'The logs linked to the incident as evidence, oldest first' })
  @ApiOkResponse({ type: EvidencePageDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  evidence(@UuidParam() id: string, @Query() page: PageQueryDto): Promise<EvidencePageDto> {
    return this.incidents.evidence(id, page);
  }

  @Get(':id/timeline')
  @Roles(Role.VIEWER)
  @ApiKeyAuth('incidents:read', { alsoUsers: true })
  @ApiOperation({ summary: 'The paper trail: every change, oldest first (append-only)' })
  @ApiOkResponse({ type: TimelinePageDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  timeline(@UuidParam() id: string, @Query() page: PageQueryDto): Promise<TimelinePageDto> {
    return this.incidents.timeline(id, page);
  }

  @Patch(':id')
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'Change title, severity, assignee, description, or status (same rules as the actions)' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiBadRequestResponse({ description: 'Invalid body, nothing to change, or the assignee is not an active user' })
  @ApiNotFoundResponse({ description: 'No such incident' })
  @ApiConflictResponse({ description: TRANSITION_REFUSED })
  update(@UuidParam() id: string, @CurrentActor() by: IncidentActor, @Body() dto: UpdateIncidentDto): Promise<IncidentDetailDto> {
    return this.incidents.update(id, by, dto);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'OPEN -> ACKNOWLEDGED' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  @ApiConflictResponse({ description: TRANSITION_REFUSED })
  acknowledge(@UuidParam() id: string, @CurrentActor() by: IncidentActor): Promise<IncidentDetailDto> {
    return this.incidents.transition(id, by, 'ACKNOWLEDGED');
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'OPEN or ACKNOWLEDGED -> RESOLVED, with an optional resolution and root cause' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  @ApiConflictResponse({ description: TRANSITION_REFUSED })
  resolve(@UuidParam() id: string, @CurrentActor() by: IncidentActor, @Body() dto: ResolveIncidentDto): Promise<IncidentDetailDto> {
    return this.incidents.transition(id, by, 'RESOLVED', { resolution: dto.resolution, rootCause: dto.root_cause });
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'RESOLVED -> OPEN (409 if another incident of the same problem is open)' })
  @ApiOkResponse({ type: IncidentDetailDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  @ApiConflictResponse({ description: `${TRANSITION_REFUSED}, or another incident with the same fingerprint is open` })
  reopen(@UuidParam() id: string, @CurrentActor() by: IncidentActor): Promise<IncidentDetailDto> {
    return this.incidents.transition(id, by, 'OPEN');
  }

  @Post(':id/comments')
  @Roles(Role.RESPONDER)
  @ApiKeyAuth('incidents:write', { alsoUsers: true })
  @ApiOperation({ summary: 'Add a comment to the timeline' })
  @ApiCreatedResponse({ type: TimelineEntryDto })
  @ApiNotFoundResponse({ description: 'No such incident' })
  comment(@UuidParam() id: string, @CurrentActor() by: IncidentActor, @Body() dto: CommentDto): Promise<TimelineEntryDto> {
    return this.incidents.comment(id, by, dto.body);
  }
}
