import { ApiProperty } from '@nestjs/swagger';
import type { FirstError, IncidentAnalysis, IncidentFacts, RisingPattern, TimeBucket } from '../analysis.types';
import { OtherPatternsDto, PatternDto } from './pattern.dto';

const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export class IncidentFactsDto {
  @ApiProperty({ example: '6d0c1c9e-3b7a-4f43-a1b2-7f3c2f1e9a55' }) id!: string;
  @ApiProperty({ example: 'High Error Rate on payment-service' }) title!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) description!: string | null;
  @ApiProperty({ example: 'HIGH' }) severity!: string;
  @ApiProperty({ example: 'OPEN' }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: 'payment-service' }) service_id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) rule_id!: string | null;
  @ApiProperty({ example: 812 }) log_count!: number;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T09:41:00.000Z' }) first_seen_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T09:58:41.007Z' }) last_seen_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) acknowledged_at!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) resolved_at!: string | null;
  @ApiProperty({ example: '2026-11-24T09:41:00.512Z' }) created_at!: string;

  static from(f: IncidentFacts): IncidentFactsDto {
    return {
      id: f.id,
      title: f.title,
      description: f.description,
      severity: f.severity,
      status: f.status,
      service_id: f.serviceId,
      rule_id: f.ruleId,
      log_count: f.logCount,
      first_seen_at: isoOrNull(f.firstSeenAt),
      last_seen_at: isoOrNull(f.lastSeenAt),
      acknowledged_at: isoOrNull(f.acknowledgedAt),
      resolved_at: isoOrNull(f.resolvedAt),
      created_at: f.createdAt.toISOString(),
    };
  }
}

export class LinkedLogsDto {
  @ApiProperty({ example: 812, description: 'Logs linked to the incident' }) total!: number;
  @ApiProperty({ example: 812, description: 'Of which analysed (the newest ANALYSIS_MAX_LOGS)' }) analysed!: number;
  @ApiProperty({ example: false }) truncated!: boolean;
}

export class ServiceCountDto {
  @ApiProperty({ example: 'payment-service' }) service_id!: string;
  @ApiProperty({ example: 800, description: 'Linked logs of this service (0: the incident names it but no linked log does)' })
  count!: number;
}

export class TimeBucketDto {
  @ApiProperty({ example: '2026-11-24T09:41:00.000Z' }) start!: string;
  @ApiProperty({ example: 130, description: "Logs of the incident's services, any level" }) total!: number;
  @ApiProperty({ example: 57, description: 'Of which ERROR or FATAL' }) errors!: number;
  @ApiProperty({ example: 57, description: 'Logs linked to the incident' }) linked!: number;

  static from(b: TimeBucket): TimeBucketDto {
    return { start: b.start.toISOString(), total: b.total, errors: b.errors, linked: b.linked };
  }
}

export class ActivityDto {
  @ApiProperty({ example: '2026-11-24T09:11:00.000Z', description: '30 min before the first log' }) from!: string;
  @ApiProperty({ example: '2026-11-24T10:29:00.000Z', description: '30 min after the last log (or now), never later than now' })
  to!: string;
  @ApiProperty({ example: 60, description: '60 (per minute); wider for incidents longer than a day' }) bucket_seconds!: number;
  @ApiProperty({ type: [TimeBucketDto] }) buckets!: TimeBucketDto[];
}

export class FirstErrorDto {
  @ApiProperty({ example: '918273' }) log_id!: string;
  @ApiProperty({ example: '2026-11-24T09:41:00.120Z' }) timestamp!: string;
  @ApiProperty({ example: 'payment-service' }) service_id!: string;
  @ApiProperty({ example: 'ERROR' }) level!: string;
  @ApiProperty({ example: 'Payment gateway timeout after 5000ms for tx_123' }) message!: string;
  @ApiProperty({ example: 'Payment gateway timeout after <DURATION> for tx_<NUM>' }) template!: string;

  static from(e: FirstError): FirstErrorDto {
    return {
      log_id: e.logId,
      timestamp: e.timestamp.toISOString(),
      service_id: e.serviceId,
      level: e.level,
      message: e.message,
      template: e.template,
    };
  }
}

export class RisingPatternDto {
  @ApiProperty({ example: 'Payment gateway timeout after <DURATION> for tx_<NUM>' }) template!: string;
  @ApiProperty({ example: 800, description: 'Linked logs of the template' }) incident_count!: number;
  @ApiProperty({ example: 3, description: 'Logs of the same services and levels in the hour before the incident' }) baseline_count!: number;
  @ApiProperty({ example: 47.059 }) incident_rate_per_minute!: number;
  @ApiProperty({ example: 0.05 }) baseline_rate_per_minute!: number;
  @ApiProperty({ example: 705.882, description: 'Incident rate over baseline rate, both counts +1 (smoothing)' }) ratio!: number;

  static from(r: RisingPattern): RisingPatternDto {
    return {
      template: r.template,
      incident_count: r.incidentCount,
      baseline_count: r.baselineCount,
      incident_rate_per_minute: r.incidentRatePerMinute,
      baseline_rate_per_minute: r.baselineRatePerMinute,
      ratio: r.ratio,
    };
  }
}

export class BaselineDto {
  @ApiProperty({ example: '2026-11-24T08:41:00.000Z' }) from!: string;
  @ApiProperty({ example: '2026-11-24T09:41:00.000Z' }) to!: string;
  @ApiProperty({ example: 180 }) analysed!: number;
  @ApiProperty({ example: false }) truncated!: boolean;
}

export class IncidentAnalysisDto {
  @ApiProperty({ type: IncidentFactsDto }) incident!: IncidentFactsDto;
  @ApiProperty({ type: LinkedLogsDto }) linked_logs!: LinkedLogsDto;
  @ApiProperty({ type: [ServiceCountDto], description: 'Services involved, most linked logs first' }) services!: ServiceCountDto[];
  @ApiProperty({ type: [PatternDto], description: 'Templates of the linked logs, most frequent first (at most 50)' })
  patterns!: PatternDto[];
  @ApiProperty({ type: OtherPatternsDto }) other!: OtherPatternsDto;
  @ApiProperty({ type: ActivityDto, description: 'Counts per minute around the incident' }) activity!: ActivityDto;
  @ApiProperty({ type: FirstErrorDto, nullable: true, description: 'Earliest linked log at ERROR or above' })
  first_error!: FirstErrorDto | null;
  @ApiProperty({ type: [RisingPatternDto], description: 'Templates that rose most against the hour before the incident (at most 10)' })
  rising!: RisingPatternDto[];
  @ApiProperty({ type: BaselineDto }) baseline!: BaselineDto;
  @ApiProperty({ example: 640, description: 'Time the analysis took on the server' }) analysed_in_ms!: number;

  static from(a: IncidentAnalysis): IncidentAnalysisDto {
    return {
      incident: IncidentFactsDto.from(a.incident),
      linked_logs: { ...a.linkedLogs },
      services: a.services.map((s) => ({ service_id: s.serviceId, count: s.count })),
      patterns: a.patterns.map((p) => PatternDto.from(p)),
      other: OtherPatternsDto.from(a.other),
      activity: {
        from: a.timeline.from.toISOString(),
        to: a.timeline.to.toISOString(),
        bucket_seconds: a.timeline.bucketSeconds,
        buckets: a.timeline.buckets.map((b) => TimeBucketDto.from(b)),
      },
      first_error: a.firstError && FirstErrorDto.from(a.firstError),
      rising: a.rising.map((r) => RisingPatternDto.from(r)),
      baseline: {
        from: a.baseline.from.toISOString(),
        to: a.baseline.to.toISOString(),
        analysed: a.baseline.analysed,
        truncated: a.baseline.truncated,
      },
      analysed_in_ms: a.analysedInMs,
    };
  }
}
