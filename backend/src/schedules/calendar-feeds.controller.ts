import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Public, Roles } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { APP_CONFIG } from '../config/app-config';
import type { AppConfig } from '../config/config.schema';
import { Role } from '../generated/prisma/enums';
import { CalendarFeedsService, FEED_DAYS_AHEAD, FEED_DAYS_BACK } from './calendar-feeds.service';
import { CalendarFeedDto, CreatedCalendarFeedDto } from './dto/calendar-feed.response';

const SCHEDULE_PARAM = { name: 'id', format: 'uuid', example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' } as const;

@ApiTags('calendar feeds')
@Controller('calendar-feeds')
export class CalendarFeedsController {
  constructor(
    private readonly feeds: CalendarFeedsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'My calendar feeds (never their URLs: those are shown once)' })
  @ApiOkResponse({ type: [CalendarFeedDto] })
  list(@CurrentUser() user: AuthenticatedUser): Promise<CalendarFeedDto[]> {
    return this.feeds.list(user.id);
  }

  @Post('mine')
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'A new secret URL for a feed of my own shifts in every schedule; my previous one stops working' })
  @ApiCreatedResponse({ type: CreatedCalendarFeedDto })
  @ApiConflictResponse({ description: 'Another request replaced the same feed at the same moment: try again' })
  issueMine(@CurrentUser() user: AuthenticatedUser, @Req() request: FastifyRequest): Promise<CreatedCalendarFeedDto> {
    return this.feeds.issue(user.id, null, this.baseUrl(request));
  }

  @Delete('mine')
  @Roles(Role.VIEWER)
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke my own-shifts feed URL' })
  @ApiNoContentResponse({ description: 'Revoked: the URL answers 404 from now on' })
  @ApiNotFoundResponse({ description: 'I have no such feed' })
  revokeMine(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.feeds.revoke(user.id, null);
  }

  @Post('schedules/:id')
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: "A new secret URL for a feed of one schedule's shifts; my previous one for it stops working" })
  @ApiParam(SCHEDULE_PARAM)
  @ApiCreatedResponse({ type: CreatedCalendarFeedDto })
  @ApiConflictResponse({ description: 'Another request replaced the same feed at the same moment: try again' })
  @ApiNotFoundResponse({ description: 'No such schedule' })
  issueForSchedule(
    @CurrentUser() user: AuthenticatedUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<CreatedCalendarFeedDto> {
    return this.feeds.issue(user.id, id, this.baseUrl(request));
  }

  @Delete('schedules/:id')
  @Roles(Role.VIEWER)
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke my feed URL of one schedule's shifts" })
  @ApiParam(SCHEDULE_PARAM)
  @ApiNoContentResponse({ description: 'Revoked: the URL answers 404 from now on' })
  @ApiNotFoundResponse({ description: 'I have no feed for this schedule' })
  revokeForSchedule(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<void> {
    return this.feeds.revoke(user.id, id);
  }

  // @Public: calendar apps send no credentials; the secret token in the path is the credential.
  @Public()
  @Get(':token/feed.ics')
  @ApiOperation({
    summary: 'The iCalendar feed behind a secret URL (no sign-in: subscribe to it from a calendar app)',
    description: `Shifts from ${FEED_DAYS_BACK} days back to ${FEED_DAYS_AHEAD} days ahead, times in UTC.`,
  })
  @ApiParam({ name: 'token', example: 'ilc_Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar (RFC 5545)', schema: { type: 'string', example: 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n...' } })
  @ApiNotFoundResponse({ description: 'Unknown, replaced or revoked token, or its owner was deactivated' })
  async feed(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.feeds.render(token);
    // Set here, not with @Header: a refusal must keep the JSON error's content type.
    reply.header('content-type', 'text/calendar; charset=utf-8').header('cache-control', 'private, no-store');
    return text;
  }

  /** PUBLIC_URL when set (behind a proxy), else the address this request came to. */
  private baseUrl(request: FastifyRequest): string {
    return this.config.publicUrl ?? `${request.protocol}://${request.host}`;
  }
}
