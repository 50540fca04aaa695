import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertIntakeModule } from './alert-intake';
import { AnalysisModule } from './analysis';
import { ApiKeysModule } from './api-keys';
import { AuditModule } from './audit';
import { AuthModule } from './auth';
import { CommonModule } from './common/common.module';
import type { AppConfig } from './config/config.schema';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DetectionModule } from './detection';
import { EscalationModule } from './escalation';
import { HealthModule } from './health';
import { IncidentsModule } from './incidents';
import { IngestionModule } from './ingestion';
import { LogsModule } from './logs';
import { MetricsModule } from './metrics';
import { NotificationsModule } from './notifications';
import { ContactMethodsModule } from './contact-methods';
import { OutboxModule } from './outbox';
import { RealtimeModule } from './realtime';
import { SettingsModule } from './settings';
import { SchedulesModule } from './schedules';
import { SilencesModule } from './silences';
import { SyslogModule } from './syslog';
import { UsersModule } from './users';
import { WebConsoleModule } from './web-console';

/** Wires the feature modules together; nothing else lives here. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        AuditModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        HealthModule,
        IngestionModule,
        LogsModule,
        IncidentsModule,
        DetectionModule,
        OutboxModule,
        RealtimeModule,
        NotificationsModule,
        AnalysisModule,
        SettingsModule,
        WebConsoleModule,
        SchedulesModule,
        SilencesModule,
        ContactMethodsModule,
        EscalationModule,
        AlertIntakeModule,
        MetricsModule.register(config),
        SyslogModule,
      ],
    };
  }
}
