import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LogsModule } from '../logs';
import { CommittedLogsNotifier } from './committed-logs-notifier';
import { GroupCommitWriter } from './group-commit-writer';
import { registerIngestBodyParsers, registerOtlpProtobufErrors } from './ingest-body-parsers';
import { IngestionController } from './ingestion.controller';
import { IngestionService } from './ingestion.service';
import { LokiController } from './loki.controller';
import { NewServiceQuota } from './new-service-quota';
import { ServiceIntroductionsRepository } from './service-introductions.repository';

@Module({
  imports: [LogsModule],
  controllers: [IngestionController, LokiController],
  providers: [GroupCommitWriter, CommittedLogsNotifier, IngestionService, NewServiceQuota, ServiceIntroductionsRepository],
  // GroupCommitWriter: readiness asks it whether logs get committed (writePath()); IngestionService: syslog.
  exports: [GroupCommitWriter, IngestionService],
})
export class IngestionModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Runs inside app.init(), after Nest registered its default parsers and before Fastify is
  // ready, which is the window in which parsers and hooks may still be replaced.
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    registerIngestBodyParsers(fastify, { maxLogs: this.config.ingest.maxLogsPerRequest, maxJsonDepth: this.config.http.maxJsonDepth });
    registerOtlpProtobufErrors(fastify);
  }
}
