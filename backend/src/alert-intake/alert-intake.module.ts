import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents';
import { AlertIntakeController } from './alert-intake.controller';
import { AlertIntakeService } from './alert-intake.service';
import { ExternalAlertsRepository } from './external-alerts.repository';

/**
 * Alerts from Alertmanager, Grafana and PagerDuty-style tools, turned into incidents through
 * the incidents feature (ExternalIncidents). Owns the external_alerts table.
 */
@Module({
  imports: [IncidentsModule],
  controllers: [AlertIntakeController],
  providers: [AlertIntakeService, ExternalAlertsRepository],
})
export class AlertIntakeModule {}
