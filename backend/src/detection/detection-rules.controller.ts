import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { Role } from '../generated/prisma/enums';
import { DetectionRulesService } from './detection-rules.service';
import { CreateDetectionRuleDto } from './dto/create-detection-rule.dto';
import { DetectionRuleDto } from './dto/detection-rule.dto';
import { UpdateDetectionRuleDto } from './dto/update-detection-rule.dto';
import { UuidParam } from '../common/uuid-param';
import { RULE_EXAMPLES } from './dto/rule-examples';

@ApiTags('detection-rules')
@Controller('detection-rules')
export class DetectionRulesController {
  constructor(private readonly rules: DetectionRulesService) {}

  @Get()
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'Every detection rule, enabled or not' })
  @ApiOkResponse({ type: [DetectionRuleDto] })
  list(): Promise<DetectionRuleDto[]> {
    return this.rules.list();
  }

  @Get(':id')
  @Roles(Role.VIEWER)
  @ApiOperation({ summary: 'One detection rule' })
  @ApiOkResponse({ type: DetectionRuleDto })
  @ApiNotFoundResponse({ description: 'No such rule' })
  findOne(@UuidParam() id: string): Promise<DetectionRuleDto> {
    return this.rules.findOne(id);
  }

  @Post()
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Create a rule; it takes effect at once' })
  @ApiBody({ type: CreateDetectionRuleDto, examples: RULE_EXAMPLES })
  @ApiCreatedResponse({ type: DetectionRuleDto })
  @ApiBadRequestResponse({
    description:
      'Invalid rule, naming the field in `details` (missing kind-specific fields, a field of another kind, invalid regular expression, ...)',
  })
  @ApiConflictResponse({ description: 'A rule with this name exists' })
  create(@Body() dto: CreateDetectionRuleDto): Promise<DetectionRuleDto> {
    return this.rules.create(dto);
  }

  @Patch(':id')
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Change a rule (the merged rule must be valid)' })
  @ApiOkResponse({ type: DetectionRuleDto })
  @ApiBadRequestResponse({ description: 'Invalid rule' })
  @ApiNotFoundResponse({ description: 'No such rule' })
  @ApiConflictResponse({ description: 'A rule with this name exists' })
  update(@UuidParam() id: string, @Body() dto: UpdateDetectionRuleDto): Promise<DetectionRuleDto> {
    return this.rules.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(Role.ADMIN)
  @ApiOperation({ summary: 'Delete a rule; its incidents stay (their rule becomes null)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such rule' })
  async remove(@UuidParam() id: string): Promise<void> {
    await this.rules.remove(id);
  }
}
