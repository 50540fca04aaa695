import type { Schemas } from '../../api/client';

export type Policy = Schemas['EscalationPolicyDto'];
export type PolicyBody = Schemas['CreateEscalationPolicyDto'];
export type Step = Schemas['EscalationStepDto'];
export type TargetType = Schemas['EscalationTargetDto']['type'];

/** What the form edits: the policy's fields, with the numbers and lists as the inputs hold them. */
export interface PolicyDraft {
  name: string;
  description: string;
  repeat_count: string;
  ack_timeout_minutes: string;
  is_default: boolean;
  rule_ids: string[];
  service_ids: string;
  steps: Step[];
}

export const emptyStep = (): Step => ({ wait_minutes: 10, targets: [{ type: 'USER', id: '' }] });

export function draftOf(policy?: Policy): PolicyDraft {
  return {
    name: policy?.name ?? '',
    description: policy?.description ?? '',
    repeat_count: String(policy?.repeat_count ?? 0),
    ack_timeout_minutes: policy?.ack_timeout_minutes == null ? '' : String(policy.ack_timeout_minutes),
    is_default: policy?.is_default ?? false,
    rule_ids: policy?.rule_ids ?? [],
    service_ids: (policy?.service_ids ?? []).join(', '),
    steps: policy?.steps.map((step) => ({ ...step, targets: step.targets.map((target) => ({ ...target })) })) ?? [emptyStep()],
  };
}

/** The request body the draft stands for (numbers as numbers, the service list split). */
export function bodyOf(draft: PolicyDraft): PolicyBody {
  return {
    name: draft.name.trim(),
    description: draft.description.trim() || null,
    repeat_count: Number(draft.repeat_count),
    ack_timeout_minutes: draft.ack_timeout_minutes.trim() === '' ? null : Number(draft.ack_timeout_minutes),
    is_default: draft.is_default,
    rule_ids: draft.rule_ids,
    service_ids: draft.service_ids
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    steps: draft.steps,
  };
}

/** An edit sends only the fields that changed (the API replaces lists wholesale). */
export function changesOf(before: Policy, body: PolicyBody): Partial<PolicyBody> {
  const original = bodyOf(draftOf(before));
  return Object.fromEntries(
    Object.entries(body).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(original[key as keyof PolicyBody])),
  );
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** "3 steps, waits 5/10/15 min" for the list. */
export const stepsSummary = (policy: Policy) =>
  `${plural(policy.steps.length, 'step')}, waits ${policy.steps.map((step) => step.wait_minutes).join('/')} min`;

/** "default; rules: 2; services: checkout" for the list. */
export function appliesTo(policy: Policy): string {
  const parts = [
    policy.is_default ? 'default' : '',
    policy.rule_ids.length ? plural(policy.rule_ids.length, 'rule') : '',
    policy.service_ids.length ? `services: ${policy.service_ids.join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'nothing yet';
}
