import { PartialType } from '@nestjs/swagger';
import { CreateEscalationPolicyDto } from './create-escalation-policy.dto';

/** Any subset of the fields; `steps`, `rule_ids` and `service_ids` each replace the whole list when sent. */
export class UpdateEscalationPolicyDto extends PartialType(CreateEscalationPolicyDto) {}
