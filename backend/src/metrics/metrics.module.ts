import { DynamicModule, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import type { Pool } from 'pg';
import { PG_POOL } from '../database/pg-pool';
import { AppMetrics } from './app-metrics';
import { MetricsController } from './metrics.controller';

/**
 * The service's own metrics: the registry (AppMetrics, injected wherever something is
 * recorded; global so that features need not import this module) and GET /metrics.
 */
@Global()
@Module({})
export class MetricsModule implements OnModuleInit {
  /** METRICS_ENABLED=false: no GET /metrics (and app.factory adds no HTTP hook); recording stays, a few increments per batch. */
  static register(config: Pick<AppConfig, 'metrics'>): DynamicModule {
    return {
      module: MetricsModule,
      controllers: config.metrics.enabled ? [MetricsController] : [],
      providers: [AppMetrics],
      exports: [AppMetrics],
    };
  }

  constructor(
    private readonly metrics: AppMetrics,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    this.metrics.sampleDatabasePool(this.pool);
  }
}
