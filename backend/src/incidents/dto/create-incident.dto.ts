import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Severity } from '../../generated/prisma/enums';

export const SERVICE_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

export class CreateIncidentDto {
  @ApiProperty({ example: 'Checkout pages time out', minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ enum: Severity, example: 'HIGH' })
  @IsEnum(Severity, { message: 'severity must be one of LOW, MEDIUM, HIGH, CRITICAL' })
  severity!: Severity;

  @ApiPropertyOptional({ example: 'payment-service', description: '1-128 characters of [A-Za-z0-9._-]' })
  @IsOptional()
  @Matches(SERVICE_ID_PATTERN, { message: 'service_id must be 1-128 characters of A-Z, a-z, 0-9, ".", "_" or "-"' })
  service_id?: string;

  @ApiPropertyOptional({ example: 'Customers report 504s at checkout since 10:00 UTC', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({
    enum: ['OPEN'],
    example: 'OPEN',
    description: 'Accepted for existing clients; a new incident is always OPEN',
  })
  @IsOptional()
  @IsIn(['OPEN'], { message: 'status of a new incident can only be OPEN' })
  status?: 'OPEN';
}
