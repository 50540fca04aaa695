import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { Severity } from '../../generated/prisma/enums';
import { IsServiceId } from '../../common/service-id';

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
  @IsServiceId()
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
