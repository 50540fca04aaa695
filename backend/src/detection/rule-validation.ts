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
  group_by: string | null;
  learning_seconds: number | null;
}

export interface FieldError {
  field: string;
  errors: string[];
}

export const DEFAULT_MIN_BASELINE_MINUTES = 5;

const REQUIRED: (keyof RuleFields)[] = ['name', 'enabled', 'kind', 'level', 'window_seconds', 'severity'];
/** The fields each kind needs; a field no kind of the rule owns must be null. */
const KIND_FIELDS: Record<RuleKind, (keyof RuleFields)[]> = {
  THRESHOLD: ['threshold'],
  ANOMALY: ['baseline_minutes', 'z_score', 'min_count', 'min_baseline_minutes'],
  ABSENCE: ['min_count'],
  NEW_PATTERN: ['learning_seconds'],
};
const KIND_SPECIFIC = [...new Set(Object.values(KIND_FIELDS).flat())];
/** Optional fields that some kinds cannot use: ABSENCE resolves when logs come back, not after quiet time. */
// Grouping is implemented for THRESHOLD only: an ANOMALY baseline per group and an ABSENCE
// "which groups went quiet" need their own bookkeeping.
const NOT_FOR_KIND: Partial<Record<RuleKind, (keyof RuleFields)[]>> = {
  ABSENCE: ['auto_resolve_seconds', 'group_by'],
  ANOMALY: ['group_by'],
  NEW_PATTERN: ['group_by'],
};
/** An ABSENCE rule without min_count expects at least one log per window. */
export const DEFAULT_ABSENCE_MIN_COUNT = 1;
/** A NEW_PATTERN rule without learning_seconds learns for a day: most services log most of their templates daily. */
export const DEFAULT_LEARNING_SECONDS = 86_400;
/** NEW_PATTERN rules do not count in windows; window_seconds keeps a value so the column stays required for the others. */
const NEW_PATTERN_WINDOW_SECONDS = 60;

const kindsOwning = (field: keyof RuleFields): string =>
  (Object.keys(KIND_FIELDS) as RuleKind[]).filter((kind) => KIND_FIELDS[kind].includes(field)).join(' and ');

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
    group_by: null,
    learning_seconds: null,
  };
  const merged = { ...base } as Record<keyof RuleFields, unknown>;
  for (const [key, value] of Object.entries(input) as [keyof RuleFields, unknown][]) {
    if (value !== undefined) merged[key] = value;
  }

  if (merged.kind === 'NEW_PATTERN' && merged.window_seconds === undefined) merged.window_seconds = NEW_PATTERN_WINDOW_SECONDS;
  for (const field of REQUIRED) {
    if (input[field] === null) fail(field, `${field} must not be null`);
    else if (merged[field] === undefined) fail(field, `${field} is required`);
  }

  const kind = merged.kind as RuleKind | undefined;
  if (kind) {
    const own = KIND_FIELDS[kind];
    for (const field of [...KIND_SPECIFIC.filter((f) => !own.includes(f)), ...(NOT_FOR_KIND[kind] ?? [])]) {
      if (input[field] !== undefined && input[field] !== null) {
        fail(
          field,
          KIND_SPECIFIC.includes(field)
            ? `${field} applies only to ${kindsOwning(field)} rules`
            : `${field} does not apply to ${kind} rules`,
        );
      }
      merged[field] = null;
    }
    if (kind === 'ANOMALY' && (merged.min_baseline_minutes ?? null) === null) merged.min_baseline_minutes = DEFAULT_MIN_BASELINE_MINUTES;
    if (kind === 'ABSENCE' && (merged.min_count ?? null) === null) merged.min_count = DEFAULT_ABSENCE_MIN_COUNT;
    if (kind === 'NEW_PATTERN' && (merged.learning_seconds ?? null) === null) merged.learning_seconds = DEFAULT_LEARNING_SECONDS;
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
  for (const field of ['service_id', 'auto_resolve_seconds', 'message_pattern', 'group_by'] as const) merged[field] ??= null;

  return { rule: merged as unknown as RuleFields, errors };
}
