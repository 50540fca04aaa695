import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditTrail } from '../audit';
import { isUniqueViolation } from '../database/unique-violation';
import type { DetectionRule } from '../generated/prisma/client';
import { DetectionRulesRepository } from './detection-rules.repository';
import { DetectionScheduler } from './detection.scheduler';
import type { CreateDetectionRuleDto } from './dto/create-detection-rule.dto';
import { toDetectionRuleDto, type DetectionRuleDto } from './dto/detection-rule.dto';
import type { UpdateDetectionRuleDto } from './dto/update-detection-rule.dto';
import { toRuleFields } from './dto/detection-rule.dto';
import { mergeRule, type FieldError, type RuleFields } from './rule-validation';

@Injectable()
export class DetectionRulesService {
  constructor(
    private readonly rules: DetectionRulesRepository,
    private readonly scheduler: DetectionScheduler,
    private readonly audit: AuditTrail,
  ) {}

  async list(): Promise<DetectionRuleDto[]> {
    return (await this.rules.list()).map(toDetectionRuleDto);
  }

  async findOne(id: string): Promise<DetectionRuleDto> {
    return toDetectionRuleDto(await this.find(id));
  }

  async create(dto: CreateDetectionRuleDto): Promise<DetectionRuleDto> {
    const rule = await this.validated(undefined, dto);
    const created = await this.uniqueName(rule.name, () => this.rules.create(toData(rule)));
    this.scheduler.rulesChanged();
    const after = toDetectionRuleDto(created);
    await this.audit.record({ action: 'detection_rule.created', targetType: 'detection_rule', targetId: created.id, after: { ...after } });
    return after;
  }

  async update(id: string, dto: UpdateDetectionRuleDto): Promise<DetectionRuleDto> {
    const existing = await this.find(id);
    const rule = await this.validated(toRuleFields(existing), dto);
    const updated = await this.uniqueName(rule.name, () => this.rules.update(id, toData(rule)));
    this.scheduler.rulesChanged();
    const after = toDetectionRuleDto(updated);
    const before = toDetectionRuleDto(existing);
    await this.audit.record({
      action: 'detection_rule.updated',
      targetType: 'detection_rule',
      targetId: id,
      before: { ...before },
      after: { ...after },
    });
    return after;
  }

  /** Its incidents stay, with rule_id set to null by the foreign key. */
  async remove(id: string): Promise<void> {
    const existing = await this.find(id);
    await this.rules.delete(id);
    this.scheduler.rulesChanged();
    await this.audit.record({
      action: 'detection_rule.deleted',
      targetType: 'detection_rule',
      targetId: id,
      before: { ...toDetectionRuleDto(existing) },
    });
  }

  private async find(id: string): Promise<DetectionRule> {
    const rule = await this.rules.findById(id);
    if (!rule) throw new NotFoundException(`Detection rule ${id} not found`);
    return rule;
  }

  /** The merged rule, or a 400 naming each bad field (prefixed by `fieldPrefix`, e.g. `rule.` for a preview). */
  async validated(existing: RuleFields | undefined, input: Partial<RuleFields>, fieldPrefix = ''): Promise<RuleFields> {
    const { rule, errors: found } = mergeRule(existing, input);
    if (input.message_pattern) found.push(...(await this.patternErrors(input.message_pattern)));
    const errors = found.map((error) => ({ ...error, field: fieldPrefix + error.field }));
    if (errors.length) {
      const summary = errors.map((error) => error.errors.join(', ')).join('; ');
      throw new BadRequestException({ message: `Invalid rule: ${summary}`, details: errors });
    }
    return rule;
  }

  /** The pattern runs in PostgreSQL (`~*`), so PostgreSQL's regex dialect is the one to check. */
  private async patternErrors(pattern: string): Promise<FieldError[]> {
    try {
      await this.rules.checkPattern(pattern);
      return [];
    } catch (error) {
      const e = error as { code?: string; message?: string };
      if (e.code !== '2201B') throw error;
      return [{ field: 'message_pattern', errors: [`message_pattern is not a valid regular expression (${e.message})`] }];
    }
  }

  private async uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A detection rule named "${name}" already exists`);
      throw error;
    }
  }
}

function toData(rule: RuleFields) {
  return {
    name: rule.name,
    enabled: rule.enabled,
    kind: rule.kind,
    level: rule.level,
    serviceId: rule.service_id,
    windowSeconds: rule.window_seconds,
    threshold: rule.threshold,
    baselineMinutes: rule.baseline_minutes,
    zScore: rule.z_score,
    minCount: rule.min_count,
    minBaselineMinutes: rule.min_baseline_minutes,
    severity: rule.severity,
    autoResolveSeconds: rule.auto_resolve_seconds,
    messagePattern: rule.message_pattern,
    groupBy: rule.group_by,
    learningSeconds: rule.learning_seconds,
  };
}
