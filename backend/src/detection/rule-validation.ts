import type { LogLevel, RuleKind, Severity } from '../generated/prisma/enums';

/** A rule as the API names its fields. */
export interface RuleFields {
  name: string;
  enabled: boolean;
  kind: RuleKind;
  level: LogLevel;
  service_id: string | null;
  window_seconds: number;
  threshold: number | null;
  baseline_minutes: number | null;
  z_score: number | null;
  min_count: number | null;
  min_baseline_minutes: number | null;
  severity: Severity;
  auto_resolve_seconds: number | null;
  message_pattern: string | null;
}

export interface FieldError {
  field: string;
  errors: string[];
}

export const DEFAULT_MIN_BASELINE_MINUTES = 5;

const REQUIRED: (keyof RuleFields)[] = ['name', 'enabled', 'kind', 'level', 'window_seconds', 'severity'];
const THRESHOLD_ONLY: (keyof RuleFields)[] = ['threshold'];
const ANOMALY_ONLY: (keyof RuleFields)[] = ['baseline_minutes', 'z_score', 'min_count', 'min_baseline_minutes'];

/**
 * Combines a stored rule (PATCH) or the defaults (POST) with the fields sent, and checks what
 * the DTO decorators cannot: fields that depend on `kind`, and nulls for fields that need a
 * value. Fields of the other kind are cleared when `kind` changes; sending them is an error.
 */
export function mergeRule(existing: RuleFields | undefined, input: Partial<RuleFields>): { rule: RuleFields; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const fail = (field: string, error: string) => errors.push({ field, errors: [error] });
  const base: Partial<RuleFields> = existing ?? {
    enabled: true,
    level: 'ERROR',
    service_id: null,
    auto_resolve_seconds: null,
    message_pattern: null,
  };
  const merged = { ...base } as Record<keyof RuleFields, unknown>;
  for (const [key, value] of Object.entries(input) as [keyof RuleFields, unknown][]) {
    if (value !== undefined) merged[key] = value;
  }

  for (const field of REQUIRED) {
    if (input[field] === null) fail(field, `${field} must not be null`);
    else if (merged[field] === undefined) fail(field, `${field} is required`);
  }

  const kind = merged.kind as RuleKind | undefined;
  const [own, other] = kind === 'ANOMALY' ? [ANOMALY_ONLY, THRESHOLD_ONLY] : [THRESHOLD_ONLY, ANOMALY_ONLY];
  if (kind) {
    for (const field of other) {
      if (input[field] !== undefined && input[field] !== null)
        fail(field, `${field} applies only to ${kind === 'ANOMALY' ? 'THRESHOLD' : 'ANOMALY'} rules`);
      merged[field] = null;
    }
    if (kind === 'ANOMALY' && (merged.min_baseline_minutes ?? null) === null) merged.min_baseline_minutes = DEFAULT_MIN_BASELINE_MINUTES;
    for (const field of own) {
      if ((merged[field] ?? null) === null) fail(field, `${field} is required for ${kind} rules`);
    }
    if (kind === 'ANOMALY') {
      const baseline = merged.baseline_minutes as number | null;
      const minimum = merged.min_baseline_minutes as number | null;
      if (baseline !== null && minimum !== null && minimum > baseline) {
        fail('min_baseline_minutes', `min_baseline_minutes (${minimum}) must not exceed baseline_minutes (${baseline})`);
      }
    }
  }
  for (const field of ['service_id', 'auto_resolve_seconds', 'message_pattern'] as const) merged[field] ??= null;

  return { rule: merged as unknown as RuleFields, errors };
}
