import { ApiProperty } from '@nestjs/swagger';
import { IncidentStatus, Severity } from '../../generated/prisma/enums';
import { INCIDENT_SOURCES, toIncidentSnapshot, type IncidentRow, type IncidentSource } from '../incident-row';
import { PageMetaDto } from './page.dto';

export class IncidentRuleRefDto {
  @ApiProperty({ example: '2f1c7f0e-5a43-4a51-9d0e-0b7d3c1f6a10' })
  id!: string;

  @ApiProperty({ example: 'High Error Rate' })
  name!: string;
}

export class IncidentDto {
  @ApiProperty({ example: '6d0c1c9e-3b7a-4f43-a1b2-7f3c2f1e9a55' })
  id!: string;

  @ApiProperty({ example: 'High Error Rate: payment-service' })
  title!: string;

  @ApiProperty({ type: String, nullable: true, example: 'More than 5 ERROR+ logs within 60 s from payment-service (6 counted)' })
  description!: string | null;

  @ApiProperty({ enum: Severity, example: 'HIGH' })
  severity!: Severity;

  @ApiProperty({ enum: IncidentStatus, example: 'OPEN' })
  status!: IncidentStatus;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'payment-service',
    description: 'null for an incident opened by a person without one, and for an incident storm (its services are in its timeline)',
  })
  service_id!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2f1c7f0e-5a43-4a51-9d0e-0b7d3c1f6a10',
    description: 'The detection rule that opened it (null: opened by a person, or the rule was deleted)',
  })
  rule_id!: string | null;

  @ApiProperty({ type: IncidentRuleRefDto, nullable: true })
  rule!: IncidentRuleRefDto | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'rule:2f1c7f0e-5a43-4a51-9d0e-0b7d3c1f6a10:service:payment-service',
    description:
      'The problem it stands for; at most one unresolved incident has it. `rule:<id>:storm` is the incident storm of a rule ' +
      '(services beyond DETECTION_MAX_INCIDENTS_PER_RULE_PER_MINUTE, grouped)',
  })
  fingerprint!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description: 'The last resolved incident of the same problem (fingerprint)',
  })
  previous_incident_id!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '7d9f4c1e-2b6a-4f0e-9a51-3c2d1e0f9b88' })
  assignee_id!: string | null;

  @ApiProperty({
    enum: INCIDENT_SOURCES,
    example: 'detection',
    description: 'Where it came from: a detection rule, a person (manual), or an outside alerting tool (alertmanager, grafana, pagerduty)',
  })
  source!: IncidentSource;

  @ApiProperty({
    example: 'system:High Error Rate',
    description: '`user:<id>`, `system:<rule name>` or, for outside alerts, `<source>:<API key name>`',
  })
  created_by!: string;

  @ApiProperty({ example: 6, description: 'Logs linked as evidence' })
  log_count!: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T10:00:00.000Z' })
  first_seen_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T10:00:41.000Z' })
  last_seen_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T10:03:12.000Z', description: 'First acknowledgement' })
  acknowledged_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  resolved_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Rolled back release 2026.11.24-2' })
  resolution!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Gateway connection pool too small' })
  root_cause!: string | null;

  @ApiProperty({ example: '2026-11-24T10:00:42.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-11-24T10:00:42.000Z' })
  updated_at!: string;
}

export class IncidentDetailDto extends IncidentDto {
  @ApiProperty({ example: 3, description: 'Entries in the timeline' })
  timeline_count!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    example: null,
    description: "The silence holding this incident's notifications (GET /silences/{id}), or null",
  })
  silenced_by!: string | null;
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDto] })
  data!: IncidentDto[];

  @ApiProperty({ type: PageMetaDto })
  meta!: PageMetaDto;
}

/** The API view: the event snapshot (same names and formats) plus what only the API shows. */
export function toIncidentDto(row: IncidentRow & { rule_name?: string | null }): IncidentDto {
  return {
    ...toIncidentSnapshot(row),
    source: row.source,
    rule: row.rule_id && row.rule_name ? { id: row.rule_id, name: row.rule_name } : null,
    fingerprint: row.fingerprint,
    previous_incident_id: row.previous_incident_id,
    created_by: row.created_by,
    acknowledged_at: row.acknowledged_at?.toISOString() ?? null,
    resolved_at: row.resolved_at?.toISOString() ?? null,
    resolution: row.resolution,
    root_cause: row.root_cause,
  };
}
