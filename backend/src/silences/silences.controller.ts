import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { Role } from '../generated/prisma/enums';
import { CreateSilenceDto } from './dto/create-silence.dto';
import { ListSilencesQueryDto } from './dto/list-silences.query';
import { SilenceDto } from './dto/silence.dto';
import { MAX_SILENCE_WINDOWS } from './silence-windows';
import { SilenceReleaseScheduler } from './silence-release.scheduler';
import { SilencesService } from './silences.service';

const ID_EXAMPLE = '9d7c2a41-6b0e-4f3a-8e21-5c4b3a2f1e0d';

@ApiTags('silences')
@Controller('silences')
export class SilencesController {
  constructor(
    private readonly silences: SilencesService,
    private readonly scheduler: SilenceReleaseScheduler,
  ) {}

  @Post()
  @Roles(Role.RESPONDER)
  @ApiOperation({
    summary: 'Create a silence or a recurring maintenance window (RESPONDER+)',
    description:
      'Matching incidents still open and collect evidence, but their notifications are held while a window of the silence is open; ' +
      'the timeline says which silence held them. When the silence ends, an incident still OPEN is notified (incident.opened again, ' +
      'with data.silence_released); an acknowledged or resolved one pages nobody. Matchers are ANDed; give at least one. ' +
      `A recurrence is expanded once into at most ${MAX_SILENCE_WINDOWS} windows, each at start_time local time in time_zone ` +
      '(correct across DST changes).',
  })
  @ApiCreatedResponse({ type: SilenceDto })
  @ApiBadRequestResponse({
    description:
      'A field is invalid, named in `details`: matchers empty or a bad glob/uuid/severity, starts_at/ends_at not ISO 8601, ' +
      'ends_at not after starts_at or in the past or more than SILENCE_MAX_DAYS later, recurrence.time_zone not an IANA zone, ' +
      `recurrence.rrule unparsable or yielding more than ${MAX_SILENCE_WINDOWS} windows, both or neither of rrule and weekdays`,
  })
  create(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateSilenceDto): Promise<SilenceDto> {
    return this.silences.create(user, body);
  }

  @Get()
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'List silences, newest first (at most 500), optionally by state (VIEWER+)' })
  @ApiOkResponse({ type: [SilenceDto] })
  @ApiBadRequestResponse({ description: 'state is not active, pending or expired' })
  list(@Query() query: ListSilencesQueryDto): Promise<SilenceDto[]> {
    return this.silences.list(query);
  }

  @Get(':id')
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'One silence with its state and next windows (VIEWER+)' })
  @ApiParam({ name: 'id', format: 'uuid', example: ID_EXAMPLE })
  @ApiOkResponse({ type: SilenceDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No silence with this id' })
  findOne(@UuidParam() id: string): Promise<SilenceDto> {
    return this.silences.findOne(id);
  }

  @Post(':id/expire')
  @HttpCode(200)
  @Roles(Role.RESPONDER)
  @ApiOperation({
    summary: 'Expire a silence now (RESPONDER+)',
    description: 'Its held incidents are released at once (notified if still OPEN). Expiring an expired silence changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid', example: ID_EXAMPLE })
  @ApiOkResponse({ type: SilenceDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No silence with this id' })
  async expire(@CurrentUser() user: AuthenticatedUser, @UuidParam() id: string): Promise<SilenceDto> {
    const silence = await this.silences.expire(id, user);
    await this.scheduler.requestRound();
    return silence;
  }
}
