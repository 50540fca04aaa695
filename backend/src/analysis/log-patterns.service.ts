import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LogScansRepository } from '../logs';
import type { LogPatterns } from './analysis.types';
import { PatternMiningPool } from './pattern-mining/pattern-mining-pool';

const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

export interface LogPatternsQuery {
  serviceId?: string;
  level?: string;
  minLevel?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/**
 * Templates of recent logs, mined on the fly from a newest-first scan bounded twice: at most
 * ANALYSIS_MAX_LOGS logs and ANALYSIS_PATTERNS_TIME_BUDGET_MS of mining, in a worker thread.
 */
@Injectable()
export class LogPatternsService {
  constructor(
    private readonly logs: LogScansRepository,
    private readonly miningPool: PatternMiningPool,
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
    const { maxLogs, patternsTimeBudgetMs } = this.config.analysis;
    const filter = {
      from,
      to,
      serviceIds: query.serviceId ? [query.serviceId] : [],
      levels: query.level ? [query.level] : [],
      minLevel: query.minLevel,
    };
    return this.miningPool.run(async (worker) => {
      await worker.start(patternsTimeBudgetMs);
      let fetched = 0;
      let inTime = true;
      // One row more than analysed tells whether the window held more.
      await this.logs.scanLogChunks(filter, maxLogs + 1, async (rows) => {
        const wanted = rows.slice(0, Math.max(0, maxLogs - fetched));
        fetched += rows.length;
        if (wanted.length)
          inTime = await worker.mine(wanted.map(([message, serviceId, level, timestampMs]) => [message, serviceId, level, timestampMs]));
        return inTime && fetched <= maxLogs;
      });
      const mined = await worker.finish(query.limit);
      const truncatedBy = mined.outOfTime ? 'time_budget' : fetched > maxLogs ? 'max_logs' : null;
      return {
        from,
        to,
        scanned: mined.mined,
        truncated: truncatedBy !== null,
        truncatedBy,
        totalTemplates: mined.totalTemplates,
        patterns: mined.patterns,
        other: mined.other,
      };
    });
  }
}
