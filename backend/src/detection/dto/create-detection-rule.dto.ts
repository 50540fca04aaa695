import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEnum, IsInt, IsNumber, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { LogLevel, RuleKind, Severity } from '../../generated/prisma/enums';
import { IsServiceId } from '../../common/service-id';
import { LOG_LEVEL_LIST } from '../../common/log-levels';

export class CreateDetectionRuleDto {
  @ApiProperty({ example: 'Checkout errors', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiProperty({
    enum: RuleKind,
    example: 'THRESHOLD',
    description:
      'THRESHOLD: count above a fixed number; ANOMALY: z-score against the per-minute baseline; ' +
      "ABSENCE: fewer than min_count logs in the window (dead man's switch; without service_id, from every service together); " +
      'NEW_PATTERN: the first log of a message template (masked message) not seen before for its service, after learning_seconds',
  })
  @IsEnum(RuleKind, { message: 'kind must be THRESHOLD, ANOMALY, ABSENCE or NEW_PATTERN' })
  kind!: RuleKind;

  @ApiPropertyOptional({
    enum: LogLevel,
    example: 'ERROR',
    default: 'ERROR',
    description: 'Lowest level counted (ERROR counts ERROR and FATAL)',
  })
  @IsOptional()
  @IsEnum(LogLevel, { message: `level must be one of ${LOG_LEVEL_LIST}` })
  level?: LogLevel;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'checkout-service',
    description: 'Only this service (null: each service counted separately; for ABSENCE, every service together)',
  })
  @IsOptional()
  @IsServiceId()
  service_id?: string | null;

  @ApiPropertyOptional({
    example: 60,
    minimum: 1,
    maximum: 86_400,
    description: 'Required for every kind but NEW_PATTERN (which counts no window; it defaults to 60 there)',
  })
  @ValidateIf((dto: CreateDetectionRuleDto) => dto.kind !== 'NEW_PATTERN' || dto.window_seconds !== undefined)
  @IsInt()
  @Min(1)
  @Max(86_400)
  window_seconds!: number;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 5,
    minimum: 0,
    description: 'THRESHOLD: an incident when the count in the window is greater than this',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  threshold?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 30,
    minimum: 1,
    maximum: 1440,
    description: 'ANOMALY: minutes of history before the window',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  baseline_minutes?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 3,
    description: 'ANOMALY: an incident when z = (current - mean) / max(stddev, 1) is greater than this',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(1000)
  z_score?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 5,
    minimum: 1,
    description:
      'ANOMALY: at least this many logs in the window. ABSENCE: an incident when the window holds fewer than this ' +
      '(default 1), resolved when it holds this many again',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  min_count?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 5,
    minimum: 1,
    default: 5,
    description: 'ANOMALY: at least this many minutes of history (service age)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  min_baseline_minutes?: number | null;

  @ApiProperty({ enum: Severity, example: 'HIGH', description: 'Severity of the incidents it opens' })
  @IsEnum(Severity, { message: 'severity must be one of LOW, MEDIUM, HIGH, CRITICAL' })
  severity!: Severity;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 600,
    description:
      'Resolve after this many seconds without a matching log (null: never). Not for ABSENCE rules (they resolve when logs return)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 86_400)
  auto_resolve_seconds?: number | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'timeout|refused',
    description: 'PostgreSQL regular expression, case-insensitive',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  message_pattern?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'host',
    pattern: '^[A-Za-z0-9_.-]{1,64}$',
    description:
      "THRESHOLD only: a key of the logs' metadata; counting and incidents are then per (service, value of the key), logs " +
      'without it forming one group. At most DETECTION_MAX_GROUPS_PER_RULE groups have incidents open at once; beyond ' +
      'that, one "too many groups" incident of the rule names the cap',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'group_by must be a metadata key of 1 to 64 letters, digits, ".", "_" or "-"' })
  group_by?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 86_400,
    minimum: 0,
    maximum: 30 * 86_400,
    default: 86_400,
    description:
      'NEW_PATTERN: seconds after the rule first runs during which the templates it sees are learnt (remembered as known) ' +
      'and report nothing; 0 reports from the start',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30 * 86_400)
  learning_seconds?: number | null;
}
