import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { IncidentsModule } from '../incidents';
import { LogsModule } from '../logs';
import { AbsenceEvaluator } from './absence-evaluator';
import { GroupCapIncident } from './group-cap-incident';
import { DefaultRules } from './default-rules';
import { DetectionRulesController } from './detection-rules.controller';
import { DetectionRulesRepository } from './detection-rules.repository';
import { DetectionRulesService } from './detection-rules.service';
import { DetectionScheduler } from './detection.scheduler';
import { NewPatternEvaluator } from './new-pattern-evaluator';
import { NewPatternRepository } from './new-pattern.repository';
import { RuleCrossings } from './rule-crossings';
import { RuleEvaluator } from './rule-evaluator';
import { RulePreviewController } from './rule-preview.controller';
import { RulePreviewService } from './rule-preview.service';

/** Rules, their evaluation (scheduled and on LOGS_COMMITTED), and the default rules. */
@Module({
  imports: [AuditModule, IncidentsModule, LogsModule],
  controllers: [RulePreviewController, DetectionRulesController],
  providers: [
    AbsenceEvaluator,
    NewPatternEvaluator,
    NewPatternRepository,
    GroupCapIncident,
    DetectionRulesService,
    DetectionRulesRepository,
    RuleCrossings,
    RuleEvaluator,
    DetectionScheduler,
    DefaultRules,
    RulePreviewService,
  ],
})
export class DetectionModule {}
