import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AnalysisRepository } from './analysis.repository';
import type { LogPatterns } from './analysis.types';
import { PatternMiner } from './pattern-miner';
import { topPatterns } from './pattern-view';

const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

export interface LogPatternsQuery {
  serviceId?: string;
  level?: string;
  minLevel?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Templates of recent logs, mined on the fly from a bounded, newest-first scan. */
@Injectable()
export class LogPatternsService {
  constructor(
    private readonly repository: AnalysisRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async findPatterns(query: LogPatternsQuery): Promise<LogPatterns> {
    const to = query.to ?? this.clock.now();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
    if (from.getTime() >= to.getTime()) {
      throw new BadRequestException({
        message: 'Invalid request: from must be before to',
        details: [{ field: 'from', errors: ['from must be before to'] }],
      });
    }
    if (query.level && query.minLevel) {
      throw new BadRequestException({
        message: 'Invalid request: give level or min_level, not both',
        details: [{ field: 'min_level', errors: ['level and min_level cannot be combined'] }],
      });
    }
    const maxLogs = this.config.analysis.maxLogs;
    const miner = new PatternMiner();
    let scanned = 0;
    await this.repository.scanLogs(
      {
        from,
        to,
        serviceIds: query.serviceId ? [query.serviceId] : [],
        levels: query.level ? [query.level] : [],
        minLevel: query.minLevel,
      },
      // One row more than analysed tells whether the window held more.
      maxLogs + 1,
      ([message, serviceId, level, timestampMs]) => {
        if (++scanned > maxLogs) return;
        miner.add({ message, serviceId, level, timestampMs });
      },
    );
    return {
      from,
      to,
      scanned: Math.min(scanned, maxLogs),
      truncated: scanned > maxLogs,
      totalTemplates: miner.templateCount,
      patterns: topPatterns(miner, query.limit),
      other: { count: miner.other.count, templatesEvicted: miner.other.templatesEvicted },
    };
  }
}
