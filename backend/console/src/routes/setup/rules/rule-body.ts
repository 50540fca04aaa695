import type { Schemas } from '../../../api/client';

export type CreateBody = Schemas['CreateDetectionRuleDto'];
export type UpdateBody = Schemas['UpdateDetectionRuleDto'];
export type Rule = Schemas['DetectionRuleDto'];

/** An empty input means "not sent" (the API's default); anything else is sent as typed, for the API to judge. */
function numberOrUndefined(value: FormDataEntryValue | null): number | undefined {
  const text = String(value ?? '').trim();
  return text === '' ? undefined : Number(text);
}

function textOrUndefined(value: FormDataEntryValue | null): string | undefined {
  const text = String(value ?? '').trim();
  return text === '' ? undefined : text;
}

/**
 * Only the fields of the chosen kind are sent (the API refuses the other kind's fields). The
 * browser's own checks are off (noValidate): the API is the one judge, and its messages appear
 * next to the fields, the same words a script calling the API would get.
 */
export function createBodyOf(form: FormData): CreateBody {
  const kind = String(form.get('kind')) as CreateBody['kind'];
  const common = {
    name: String(form.get('name') ?? ''),
    kind,
    level: String(form.get('level')) as CreateBody['level'],
    severity: String(form.get('severity')) as CreateBody['severity'],
    service_id: textOrUndefined(form.get('service_id')),
    window_seconds: numberOrUndefined(form.get('window_seconds')) as number,
    auto_resolve_seconds: numberOrUndefined(form.get('auto_resolve_seconds')),
    message_pattern: textOrUndefined(form.get('message_pattern')),
  };
  if (kind === 'THRESHOLD') {
    return { ...common, threshold: numberOrUndefined(form.get('threshold')), group_by: textOrUndefined(form.get('group_by')) };
  }
  // NEW_PATTERN counts no window: window_seconds is not sent (not even as a change).
  if (kind === 'NEW_PATTERN') {
    const { window_seconds: _unused, ...rest } = common;
    return { ...rest, learning_seconds: numberOrUndefined(form.get('learning_seconds')) };
  }
  // ABSENCE resolves when logs come back: it has no auto-resolve delay (the API refuses one).
  if (kind === 'ABSENCE') return { ...common, auto_resolve_seconds: undefined, min_count: numberOrUndefined(form.get('min_count')) };
  return {
    ...common,
    baseline_minutes: numberOrUndefined(form.get('baseline_minutes')),
    z_score: numberOrUndefined(form.get('z_score')),
    min_count: numberOrUndefined(form.get('min_count')),
  };
}

/**
 * The PATCH body: only what differs from the stored rule, so a field nobody touched is never
 * re-sent (and never overwrites a concurrent change to it). An input emptied by the person
 * clears the stored value (null): for an optional field that is "no longer set", for a
 * required one the API says it is required, next to the field.
 */
export function updateBodyOf(form: FormData, rule: Rule): UpdateBody {
  const wanted = createBodyOf(form) as Record<string, unknown>;
  const stored = rule as unknown as Record<string, unknown>;
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    const next = value ?? null;
    if (next !== (stored[field] ?? null)) changes[field] = next;
  }
  return changes as UpdateBody;
}

const NEW_RULE: Partial<Record<keyof Rule, string | number>> = {
  level: 'ERROR',
  severity: 'HIGH',
  window_seconds: 60,
  threshold: 5,
  baseline_minutes: 30,
  z_score: 3,
  min_count: 5,
  // A day: most services send most of their templates daily.
  learning_seconds: 86_400,
};

/** An ABSENCE rule expects at least one log per window unless told otherwise. */
const NEW_ABSENCE_RULE: Partial<Record<keyof Rule, string | number>> = { min_count: 1 };

/**
 * What an input starts with: the stored value when editing, else (or for the other kind's
 * fields) the new-rule default of the kind shown.
 */
export function initialValue(rule: Rule | undefined, field: keyof Rule, kind?: Rule['kind']): string | number {
  const stored = rule?.[field];
  if (typeof stored === 'string' || typeof stored === 'number') return stored;
  return (kind === 'ABSENCE' ? NEW_ABSENCE_RULE[field] : undefined) ?? NEW_RULE[field] ?? '';
}
