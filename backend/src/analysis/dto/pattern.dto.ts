import { ApiProperty } from '@nestjs/swagger';
import type { OtherPatterns, PatternView } from '../analysis.types';

export class PatternDto {
  @ApiProperty({
    example: 'Payment gateway timeout after <DURATION> for tx_<NUM>',
    description: 'Variable parts as placeholders; <*> where messages differ',
  })
  template!: string;

  @ApiProperty({ example: 812 })
  count!: number;

  @ApiProperty({ example: '2026-11-24T09:12:03.120Z' })
  first_seen!: string;

  @ApiProperty({ example: '2026-11-24T09:58:41.007Z' })
  last_seen!: string;

  @ApiProperty({
    example: 'Payment gateway timeout after 5000ms for tx_123',
    description: 'One message of the template (the newest scanned)',
  })
  example!: string;

  @ApiProperty({ type: [String], example: ['payment-service'], description: 'Services that logged it, most frequent first' })
  services!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { ERROR: 800, WARN: 12 },
    description: 'Count per level',
  })
  levels!: Record<string, number>;

  static from(view: PatternView): PatternDto {
    return {
      template: view.template,
      count: view.count,
      first_seen: view.firstSeen.toISOString(),
      last_seen: view.lastSeen.toISOString(),
      example: view.example,
      services: view.services,
      levels: view.levels,
    };
  }
}

export class OtherPatternsDto {
  @ApiProperty({ example: 0, description: 'Logs whose template was evicted to keep memory bounded (rare, many distinct templates)' })
  count!: number;

  @ApiProperty({ example: 0 })
  templates_evicted!: number;

  static from(other: OtherPatterns): OtherPatternsDto {
    return { count: other.count, templates_evicted: other.templatesEvicted };
  }
}
