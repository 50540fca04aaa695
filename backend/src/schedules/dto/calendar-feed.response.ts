import { ApiProperty } from '@nestjs/swagger';

export class CalendarFeedDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    example: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    description: 'The schedule this feed shows; null: your own shifts in every schedule',
  })
  schedule_id!: string | null;

  @ApiProperty({ example: '2026-03-30T10:12:00.000Z' })
  created_at!: string;
}

export class CreatedCalendarFeedDto extends CalendarFeedDto {
  @ApiProperty({
    example: 'https://oncall.example.com/calendar-feeds/ilc_Zm9vYmFyYmF6cXV4cXV1eGZvb2JhcmJhenF1eHF1dXg/feed.ics',
    description: 'Secret subscription URL, shown once. Anyone with it can read the feed until it is revoked or replaced',
  })
  url!: string;
}
