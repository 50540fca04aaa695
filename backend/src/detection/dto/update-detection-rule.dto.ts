import { PartialType } from '@nestjs/swagger';
import { CreateDetectionRuleDto } from './create-detection-rule.dto';

/** Any subset of the fields; the merged rule is validated as a whole (kind-specific fields). */
export class UpdateDetectionRuleDto extends PartialType(CreateDetectionRuleDto) {}
