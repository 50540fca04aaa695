import { Body, Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/decorators';
import { UuidParam } from '../common/uuid-param';
import { Role } from '../generated/prisma/enums';
import { CreateEscalationPolicyDto } from './dto/create-escalation-policy.dto';
import { EscalationPolicyDto } from './dto/escalation-policy.dto';
import { IncidentEscalationDto } from './dto/incident-escalation.dto';
import { UpdateEscalationPolicyDto } from './dto/update-escalation-policy.dto';
import { EscalationPoliciesService } from './escalation-policies.service';

const BAD_POLICY =
  'Invalid field, named in `details` (e.g. steps[0].wait_minutes below 1, more than 10 steps or targets, an unknown user/channel/rule id, or a SCHEDULE target while this server has no on-call schedules)';
const TAKEN = 'The name, the default, a rule or a service is already taken by another policy (the message names it)';

@ApiTags('escalation policies')
@Roles(Role.ADMIN)
@Controller('escalation-policies')
export class EscalationPoliciesController {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Post()
  @ApiOperation({ summary: 'Create a policy: ordered steps (targets, then a wait), repeats, ack timeout, and what it applies to' })
  @ApiCreatedResponse({ type: EscalationPolicyDto })
  @ApiBadRequestResponse({ description: BAD_POLICY })
  @ApiConflictResponse({ description: TAKEN })
  create(@Body() body: CreateEscalationPolicyDto): Promise<EscalationPolicyDto> {
    return this.policies.create(body);
  }

  @Get()
  @ApiOperation({ summary: 'List policies by name' })
  @ApiOkResponse({ type: [EscalationPolicyDto] })
  list(): Promise<EscalationPolicyDto[]> {
    return this.policies.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One policy' })
  @ApiOkResponse({ type: EscalationPolicyDto })
  @ApiNotFoundResponse({ description: 'No such policy' })
  get(@UuidParam() id: string): Promise<EscalationPolicyDto> {
    return this.policies.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change a policy; steps, rule_ids and service_ids each replace the whole list. Escalations under way continue at their position',
  })
  @ApiOkResponse({ type: EscalationPolicyDto })
  @ApiBadRequestResponse({ description: BAD_POLICY })
  @ApiNotFoundResponse({ description: 'No such policy' })
  @ApiConflictResponse({ description: TAKEN })
  update(@UuidParam() id: string, @Body() body: UpdateEscalationPolicyDto): Promise<EscalationPolicyDto> {
    return this.policies.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a policy; incidents escalating under it stop escalating' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such policy' })
  async remove(@UuidParam() id: string): Promise<void> {
    await this.policies.delete(id);
  }
}

@ApiTags('incidents')
@Controller('incidents')
export class IncidentEscalationController {
  constructor(private readonly policies: EscalationPoliciesService) {}

  @Get(':id/escalation')
  @Roles(Role.VIEWER)
  @ApiOperation({
    summary: "The incident's escalation: policy, last step paged, next step and when it is due (state NONE: no policy applies)",
  })
  @ApiOkResponse({ type: IncidentEscalationDto })
  @ApiBadRequestResponse({ description: 'id is not a UUID' })
  escalation(@UuidParam() id: string): Promise<IncidentEscalationDto> {
    return this.policies.incidentEscalation(id);
  }
}
