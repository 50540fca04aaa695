import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class ResolveIncidentDto {
  @ApiPropertyOptional({ example: 'Rolled back release 2026.11.24-2', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  resolution?: string;

  @ApiPropertyOptional({ example: 'Gateway connection pool too small for the Black Friday load', maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  root_cause?: string;
}

export class CommentDto {
  @ApiProperty({ example: 'Rollback started, watching the error rate', minLength: 1, maxLength: 10_000 })
  @IsString()
  @Length(1, 10_000)
  body!: string;
}
