import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { DefaultRules } from './default-rules';
import { DetectionRulesController } from './detection-rules.controller';
import { DetectionRulesService } from './detection-rules.service';
import { DetectionRepository } from './detection.repository';
import { DetectionScheduler } from './detection.scheduler';
import { RuleCrossings } from './rule-crossings';
import { RuleEvaluator } from './rule-evaluator';

/** Rules, their evaluation (scheduled and on LOGS_COMMITTED), and the default rules. */
@Module({
  imports: [IncidentsModule],
  controllers: [DetectionRulesController],
  providers: [DetectionRulesService, DetectionRepository, RuleCrossings, RuleEvaluator, DetectionScheduler, DefaultRules],
})
export class DetectionModule {}
