import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../common/auth/auth.types';
import { CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { IncidentAnalysisDto } from './dto/incident-analysis.dto';
import { IncidentSummaryDto } from './dto/incident-summary.dto';
import { IncidentAnalysisService } from './incident-analysis.service';
import { IncidentSummaryService } from './incident-summary.service';
import { UuidParam } from '../common/uuid-param';

@ApiTags('analysis')
@ApiParam({ name: 'id', format: 'uuid', description: 'Incident id' })
@Controller('incidents/:id/analysis')
export class IncidentAnalysisController {
  constructor(
    private readonly analysis: IncidentAnalysisService,
    private readonly summaries: IncidentSummaryService,
  ) {}

  @Get()
  @Roles(Role.VIEWER)
  @ApiOperation({
    summary: "Patterns in the incident's logs, services, activity per minute, first error, templates that rose against the hour before",
  })
  @ApiOkResponse({ type: IncidentAnalysisDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such incident' })
  async analyse(@UuidParam() id: string): Promise<IncidentAnalysisDto> {
    return IncidentAnalysisDto.from(await this.analysis.analyse(id));
  }

  @Post('summary')
  @HttpCode(200)
  @Roles(Role.RESPONDER)
  @ApiOperation({
    summary: 'A written summary with likely root causes, recorded on the timeline (type analysis_summary)',
    description:
      'Uses the OpenAI-compatible LLM_API_URL with a bounded, redacted prompt (templates and counts, never raw logs). ' +
      'Without it, or when it times out, fails or answers garbage, the summary is built from the analysis ' +
      '(`source: "deterministic"` with a `fallback_reason`).',
  })
  @ApiOkResponse({ type: IncidentSummaryDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such incident' })
  async summarize(@UuidParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<IncidentSummaryDto> {
    return IncidentSummaryDto.from(await this.summaries.summarize(id, user.id));
  }
}
