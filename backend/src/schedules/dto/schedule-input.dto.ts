import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { LayerInputDto } from './layer-input.dto';

export const MAX_LAYERS = 10;

export class CreateScheduleDto {
  @ApiProperty({ example: 'Payments primary', maxLength: 100, description: 'Unique' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: 'Answers pages for checkout and billing', maxLength: 500, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiProperty({
    type: [LayerInputDto],
    description: `Lowest first: a later layer wins where it has someone (0-${MAX_LAYERS} layers)`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_LAYERS)
  @ValidateNested({ each: true })
  @Type(() => LayerInputDto)
  layers!: LayerInputDto[];
}

/** Any subset; `layers`, when sent, replaces all layers (turns are recomputed from the new definition). */
export class UpdateScheduleDto extends PartialType(CreateScheduleDto) {}
