import { AuditModule } from '../audit';
import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { SilenceReleaseScheduler } from './silence-release.scheduler';
import { SilenceReleaseService } from './silence-release.service';
import { SilencesController } from './silences.controller';
import { SilencesRepository } from './silences.repository';
import { SilencesService } from './silences.service';

/**
 * Silences and maintenance windows. The hold itself happens in the notification fan-out
 * through the `silence_hold` SQL function (this feature's migration); this module owns the
 * API, the tables and the scheduler that journals and releases holds.
 */
@Module({
  imports: [AuditModule, IncidentsModule],
  controllers: [SilencesController],
  providers: [SilencesService, SilencesRepository, SilenceReleaseService, SilenceReleaseScheduler],
  exports: [SilencesService],
})
export class SilencesModule {}
