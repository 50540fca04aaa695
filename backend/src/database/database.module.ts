import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { createPgPool, PG_POOL } from './pg-pool';
import { PrismaService } from './prisma.service';

@Global()
@Module({
  providers: [
    {
      provide: PG_POOL,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createPgPool(config.database.url, config.database.poolSize),
    },
    PrismaService,
  ],
  exports: [PG_POOL, PrismaService],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly prisma: PrismaService,
  ) {}

  // Last hook of a shutdown: every feature has flushed its writes in earlier hooks.
  async onApplicationShutdown(): Promise<void> {
    await this.prisma.$disconnect();
    // Idempotent: an app closed twice (tests, a second signal) must not throw here.
    if (!this.pool.ended) await this.pool.end();
  }
}
