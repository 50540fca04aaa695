import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { PREVIEW_EXAMPLES, PreviewDetectionRuleDto } from './dto/preview-detection-rule.dto';
import { RulePreviewDto } from './dto/rule-preview.dto';
import { RulePreviewService } from './rule-preview.service';

@ApiTags('detection-rules')
@Controller('detection-rules')
export class RulePreviewController {
  constructor(private readonly previews: RulePreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: 'When a rule (new or edited, not saved) would have opened and resolved incidents over stored logs',
    description:
      'Replays the rule at the engine evaluation ticks over up to 7 days. THRESHOLD and ABSENCE rules only. Not replayed: ' +
      'the per-minute incident cap (storms), the group cap, incidents opened or resolved by hand, and incidents already open ' +
      'when the range starts. Times are exact to `granularity_seconds`.',
  })
  @ApiBody({ type: PreviewDetectionRuleDto, examples: PREVIEW_EXAMPLES })
  @ApiOkResponse({ type: RulePreviewDto })
  @ApiBadRequestResponse({
    description:
      'Invalid rule (fields named `rule.<field>` in `details`), a kind that cannot be previewed (`rule.kind`: ANOMALY and ' +
      'others), `from` not before `to`, a range over 7 days, or (rules read from logs) a range holding more than 100,000 ' +
      'matching logs (`from`)',
  })
  preview(@Body() dto: PreviewDetectionRuleDto): Promise<RulePreviewDto> {
    return this.previews.preview(dto);
  }
}
