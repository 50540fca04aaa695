import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from './page.dto';

export class TimelineEntryDto {
  @ApiProperty({ example: '42', description: 'Increasing: entries are listed in this order' })
  id!: string;

  @ApiProperty({ example: '6d0c1c9e-3b7a-4f43-a1b2-7f3c2f1e9a55' })
  incident_id!: string;

  @ApiProperty({
    example: 'acknowledged',
    description:
      'opened, acknowledged, resolved, auto_resolved, reopened, severity_changed, assigned, updated, comment, logs_attached, ' +
      'storm_grew (more services joined an incident storm), or an entry added by another feature (notifications, analysis)',
  })
  type!: string;

  @ApiProperty({ example: 'user:0b8f7a52-8a8e-4a7b-a2cf-4d1c9c0d7e11', description: '`user:<id>` or `system:<rule name>`' })
  actor!: string;

  @ApiProperty({ type: String, nullable: true, example: '7d9f4c1e-2b6a-4f0e-9a51-3c2d1e0f9b88' })
  actor_user_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Rollback started, watching the error rate' })
  body!: string | null;

  @ApiProperty({ nullable: true, example: { status: 'OPEN' }, description: 'State before the change' })
  before!: unknown;

  @ApiProperty({ nullable: true, example: { status: 'ACKNOWLEDGED' }, description: 'State after the change' })
  after!: unknown;

  @ApiProperty({ example: '2026-11-24T10:03:00.000Z' })
  created_at!: string;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryDto] })
  data!: TimelineEntryDto[];

  @ApiProperty({ type: PageMetaDto })
  meta!: PageMetaDto;
}

export interface TimelineRow {
  id: string;
  incident_id: string;
  type: string;
  actor: string;
  actor_user_id: string | null;
  body: string | null;
  before: unknown;
  after: unknown;
  created_at: Date;
}

export const toTimelineEntryDto = (row: TimelineRow): TimelineEntryDto => ({ ...row, created_at: row.created_at.toISOString() });
