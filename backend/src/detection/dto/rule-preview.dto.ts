import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class PreviewedIncidentDto {
  @ApiProperty({ example: '2026-11-26T14:03:00.000Z', description: 'When the rule would have opened it (an evaluation tick)' })
  opened_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11-26T14:14:00.000Z',
    description: 'When it would have been resolved (auto-resolve, or logs back for ABSENCE); null: still open at `to`',
  })
  resolved_at!: string | null;

  @ApiProperty({ example: 42, description: 'THRESHOLD: the largest window count while open; ABSENCE: the count that opened it' })
  peak_count!: number;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'checkout-service',
    description: 'null: ingestion as a whole (ABSENCE without service)',
  })
  service_id?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'web-3',
    description: 'Rules with group_by: the value of the key (null: logs without it)',
  })
  group?: string | null;
}

export class RulePreviewDto {
  @ApiProperty({
    enum: ['minute_counts', 'logs'],
    example: 'minute_counts',
    description:
      'minute_counts: the per-minute counts answered (window a whole number of minutes, no message_pattern nor group_by); ' +
      'logs: the matching logs were read',
  })
  source!: 'minute_counts' | 'logs';

  @ApiProperty({
    example: 60,
    description: 'Time between two replayed evaluations: times are exact to this (60 from minute counts; DETECTION_INTERVAL_MS from logs)',
  })
  granularity_seconds!: number;

  @ApiProperty({ example: '2026-11-26T00:00:00.000Z' })
  from!: string;

  @ApiProperty({ example: '2026-11-27T00:00:00.000Z' })
  to!: string;

  @ApiProperty({ type: [PreviewedIncidentDto], description: 'Oldest first' })
  incidents!: PreviewedIncidentDto[];

  @ApiProperty({ example: false, description: 'More incidents than the preview returns (the first ones are listed)' })
  truncated!: boolean;
}
