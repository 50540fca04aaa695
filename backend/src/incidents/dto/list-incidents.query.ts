import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsISO8601, IsOptional } from 'class-validator';
import { IncidentStatus, Severity } from '../../generated/prisma/enums';
import { PageQueryDto } from './page.dto';
import { IsServiceId } from '../../common/service-id';
import { DEFAULT_INCIDENT_SORT, INCIDENT_SORTS, type IncidentSort } from '../incident-sort';

export class ListIncidentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: IncidentStatus, example: 'OPEN' })
  @IsOptional()
  @IsEnum(IncidentStatus, { message: 'status must be one of OPEN, ACKNOWLEDGED, RESOLVED' })
  status?: IncidentStatus;

  @ApiPropertyOptional({ enum: Severity, example: 'HIGH' })
  @IsOptional()
  @IsEnum(Severity, { message: 'severity must be one of LOW, MEDIUM, HIGH, CRITICAL' })
  severity?: Severity;

  @ApiPropertyOptional({ example: 'payment-service' })
  @IsOptional()
  @IsServiceId()
  service_id?: string;

  @ApiPropertyOptional({ example: '2026-11-24T00:00:00Z', description: 'Created at or after (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25T00:00:00Z', description: 'Created before (ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({
    type: Boolean,
    example: true,
    description: 'true: only incidents whose notifications a silence holds now; false: only the others',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'silenced must be true or false' })
  silenced?: boolean;

  @ApiPropertyOptional({
    enum: INCIDENT_SORTS,
    default: DEFAULT_INCIDENT_SORT,
    example: '-severity',
    description:
      'Order of the list; a leading `-` means descending. Severity follows its scale (`-severity`: CRITICAL first). ' +
      'Ties go to the newest incident, then the id, so pages never overlap.',
  })
  @IsOptional()
  @IsIn(INCIDENT_SORTS, { message: `sort must be one of ${INCIDENT_SORTS.join(', ')}` })
  sort: IncidentSort = DEFAULT_INCIDENT_SORT;
}
