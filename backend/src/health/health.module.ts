import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IngestionModule } from '../ingestion';
import { DatabaseHealthIndicator } from './database.health';
import { HealthController } from './health.controller';
import { WritePathHealthIndicator } from './write-path.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), IngestionModule],
  controllers: [HealthController],
  providers: [DatabaseHealthIndicator, WritePathHealthIndicator],
})
export class HealthModule {}
