import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role } from '../generated/prisma/enums';
import { Roles } from '../common/auth/decorators';
import { AuditEventsRepository, type AuditRow } from './audit-events.repository';
import { AuditEventDto, AuditEventPageDto } from './dto/audit-event.dto';
import { AuditEventsQueryDto } from './dto/audit-events.query';

@ApiTags('audit')
@Controller('audit-events')
export class AuditEventsController {
  constructor(private readonly events: AuditEventsRepository) {}

  @Get()
  @Roles(Role.ADMIN)
  @ApiOperation({
    summary: 'Who changed what, newest first',
    description:
      'Changes to users, API keys, detection rules, channels and the other settings, and every sign-in and failed sign-in. Append-only (the database refuses edits); kept AUDIT_RETENTION_DAYS.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiBadRequestResponse({ description: 'A filter is malformed (the message names it)' })
  async list(@Query() query: AuditEventsQueryDto): Promise<AuditEventPageDto> {
    const limit = query.limit ?? 50;
    const rows = await this.events.list(
      {
        actorId: query.actor_id,
        actorType: query.actor_type,
        action: query.action,
        targetType: query.target_type,
        targetId: query.target_id,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
        beforeId: query.cursor,
      },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return { items: page.map(toDto), next_cursor: rows.length > limit ? page[page.length - 1]!.id : null };
  }
}

function toDto(row: AuditRow): AuditEventDto {
  return {
    ...row,
    occurred_at: row.occurred_at.toISOString(),
    before: row.before as Record<string, unknown> | null,
    after: row.after as Record<string, unknown> | null,
  };
}
