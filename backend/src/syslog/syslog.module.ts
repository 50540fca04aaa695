import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys';
import { IngestionModule } from '../ingestion';
import { SyslogIntake } from './syslog-intake';
import { SyslogListener } from './syslog-listener';

/** Syslog (RFC 5424 / RFC 3164) over TCP and UDP on SYSLOG_PORT, into the same group commit as /ingest. */
@Module({
  imports: [IngestionModule, ApiKeysModule],
  providers: [SyslogIntake, SyslogListener],
})
export class SyslogModule {}
