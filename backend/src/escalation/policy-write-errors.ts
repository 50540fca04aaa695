import { BadRequestException, ConflictException } from '@nestjs/common';
import type { StepInput } from './escalation-policies.repository';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

interface WrittenLists {
  steps?: StepInput[];
  rule_ids?: string[];
}

/** The id in `Key (column)=(value) ...`, PostgreSQL's detail of a key violation. */
const keyValue = (detail: string | undefined): string | undefined => detail?.match(/\)=\(([^)]*)\)/)?.[1];

/**
 * A foreign key violation on a policy write, as a 400 naming the field that holds the unknown
 * id (`steps[1].targets[0].id`, `rule_ids[2]`); undefined for any other error.
 */
export function unknownReference(error: unknown, written: WrittenLists): BadRequestException | undefined {
  const e = error as PgError;
  if (e?.code !== '23503') return undefined;
  const id = keyValue(e.detail);
  const what = {
    escalation_step_targets_user_id_fkey: 'user',
    escalation_step_targets_channel_id_fkey: 'notification channel',
    escalation_step_targets_schedule_id_fkey: 'schedule',
  }[e.constraint ?? ''];
  let field: string | undefined;
  if (what) {
    written.steps?.forEach((step, i) =>
      step.targets.forEach((target, j) => {
        if (!field && target.id === id) field = `steps[${i}].targets[${j}].id`;
      }),
    );
  } else if (e.constraint === 'escalation_policy_rules_rule_id_fkey') {
    const index = written.rule_ids?.indexOf(id ?? '') ?? -1;
    field = index >= 0 ? `rule_ids[${index}]` : 'rule_ids';
  }
  if (!field) return undefined;
  const problem = `${field}: no ${what ?? 'detection rule'} with id ${id}`;
  return new BadRequestException({ message: problem, details: [{ field, errors: [problem] }] });
}

export type Holder = (what: 'rule' | 'service' | 'default', key?: string) => Promise<string | undefined>;

/** A unique violation on a policy write, as a 409 that says which policy holds what; undefined otherwise. */
export async function takenAlready(error: unknown, holder: Holder): Promise<ConflictException | undefined> {
  const e = error as PgError;
  if (e?.code !== '23505') return undefined;
  const key = keyValue(e.detail);
  switch (e.constraint) {
    case 'escalation_policies_name_key':
      return new ConflictException('name: another escalation policy already has this name');
    case 'escalation_policies_one_default':
      return new ConflictException(
        `is_default: "${await holder('default')}" is already the default policy; unset it there first (at most one default)`,
      );
    case 'escalation_policy_rules_pkey':
      return new ConflictException(`rule_ids: rule ${key} already uses the policy "${await holder('rule', key)}" (one policy per rule)`);
    case 'escalation_policy_services_pkey':
      return new ConflictException(
        `service_ids: service ${key} already uses the policy "${await holder('service', key)}" (one policy per service)`,
      );
    default:
      return undefined;
  }
}
