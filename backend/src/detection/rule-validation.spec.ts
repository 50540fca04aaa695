import { mergeRule, type RuleFields } from './rule-validation';

const threshold: Partial<RuleFields> = { name: 'Errors', kind: 'THRESHOLD', window_seconds: 60, threshold: 5, severity: 'HIGH' };
const anomaly: Partial<RuleFields> = {
  name: 'Spikes',
  kind: 'ANOMALY',
  window_seconds: 60,
  baseline_minutes: 30,
  z_score: 3,
  min_count: 5,
  severity: 'MEDIUM',
};

const absence: Partial<RuleFields> = { name: 'Heartbeat', kind: 'ABSENCE', service_id: 'cron', window_seconds: 300, severity: 'HIGH' };

const fields = (errors: { field: string }[]) => errors.map((error) => error.field);

describe('detection rule validation', () => {
  it('fills the defaults of a new THRESHOLD rule: enabled, ERROR and above, every service', () => {
    const { rule, errors } = mergeRule(undefined, threshold);
    expect(errors).toEqual([]);
    expect(rule).toMatchObject({ enabled: true, level: 'ERROR', service_id: null, auto_resolve_seconds: null, message_pattern: null });
    expect(rule).toMatchObject({ baseline_minutes: null, z_score: null, min_count: null, min_baseline_minutes: null });
  });

  it('requires a threshold for THRESHOLD rules', () => {
    expect(fields(mergeRule(undefined, { ...threshold, threshold: undefined }).errors)).toEqual(['threshold']);
  });

  it('requires the baseline, z-score and minimum count for ANOMALY rules and defaults min_baseline_minutes to 5', () => {
    expect(mergeRule(undefined, anomaly)).toMatchObject({ errors: [], rule: { min_baseline_minutes: 5, threshold: null } });
    const missing = mergeRule(undefined, { ...anomaly, baseline_minutes: undefined, z_score: undefined, min_count: undefined });
    expect(fields(missing.errors)).toEqual(['baseline_minutes', 'z_score', 'min_count']);
  });

  it('refuses fields of the other kind', () => {
    expect(mergeRule(undefined, { ...threshold, z_score: 3 }).errors).toEqual([
      { field: 'z_score', errors: ['z_score applies only to ANOMALY rules'] },
    ]);
    expect(fields(mergeRule(undefined, { ...anomaly, threshold: 4 }).errors)).toEqual(['threshold']);
  });

  it('refuses a minimum baseline longer than the baseline', () => {
    expect(fields(mergeRule(undefined, { ...anomaly, baseline_minutes: 10, min_baseline_minutes: 11 }).errors)).toEqual([
      'min_baseline_minutes',
    ]);
  });

  it('names every missing required field of a new rule', () => {
    expect(fields(mergeRule(undefined, {}).errors)).toEqual(['name', 'kind', 'window_seconds', 'severity']);
  });

  it('refuses null for fields that need a value when patching', () => {
    const { rule: stored } = mergeRule(undefined, threshold);
    expect(mergeRule(stored, { name: null as unknown as string }).errors).toEqual([{ field: 'name', errors: ['name must not be null'] }]);
  });

  it('lets a patch clear optional fields with null', () => {
    const { rule: stored } = mergeRule(undefined, { ...threshold, service_id: 'api', auto_resolve_seconds: 300 });
    const { rule, errors } = mergeRule(stored, { service_id: null, auto_resolve_seconds: null });
    expect(errors).toEqual([]);
    expect(rule).toMatchObject({ service_id: null, auto_resolve_seconds: null, threshold: 5 });
  });

  it('clears the old kind fields when a patch switches THRESHOLD to ANOMALY', () => {
    const { rule: stored } = mergeRule(undefined, threshold);
    const { rule, errors } = mergeRule(stored, { kind: 'ANOMALY', baseline_minutes: 30, z_score: 3, min_count: 5 });
    expect(errors).toEqual([]);
    expect(rule).toMatchObject({ kind: 'ANOMALY', threshold: null, min_baseline_minutes: 5 });
  });

  it('asks for the new kind fields when a patch switches kind without them', () => {
    const { rule: stored } = mergeRule(undefined, threshold);
    expect(fields(mergeRule(stored, { kind: 'ANOMALY' }).errors)).toEqual(['baseline_minutes', 'z_score', 'min_count']);
  });

  it("defaults an ABSENCE rule to expecting 1 log per window and refuses the other kinds' fields and auto_resolve_seconds", () => {
    expect(mergeRule(undefined, absence)).toMatchObject({ errors: [], rule: { min_count: 1, threshold: null, z_score: null } });
    expect(mergeRule(undefined, { ...absence, threshold: 3, auto_resolve_seconds: 60 }).errors).toEqual([
      { field: 'threshold', errors: ['threshold applies only to THRESHOLD rules'] },
      { field: 'auto_resolve_seconds', errors: ['auto_resolve_seconds does not apply to ABSENCE rules'] },
    ]);
    expect(mergeRule(undefined, { ...threshold, min_count: 3 }).errors).toEqual([
      { field: 'min_count', errors: ['min_count applies only to ANOMALY and ABSENCE rules'] },
    ]);
  });

  it('clears auto_resolve_seconds when a patch switches a rule to ABSENCE', () => {
    const { rule: stored } = mergeRule(undefined, { ...threshold, auto_resolve_seconds: 300 });
    expect(mergeRule(stored, { kind: 'ABSENCE', service_id: 'cron' })).toMatchObject({
      errors: [],
      rule: { kind: 'ABSENCE', threshold: null, auto_resolve_seconds: null, min_count: 1 },
    });
  });

  describe('NEW_PATTERN', () => {
    const newPattern: Partial<RuleFields> = { name: 'New errors', kind: 'NEW_PATTERN', severity: 'MEDIUM' };

    it('needs no window and learns for a day by default', () => {
      expect(mergeRule(undefined, newPattern)).toMatchObject({ errors: [], rule: { window_seconds: 60, learning_seconds: 86_400 } });
      expect(mergeRule(undefined, { ...newPattern, learning_seconds: 0 }).rule.learning_seconds).toBe(0);
    });

    it('refuses fields of the other kinds and group_by; other kinds refuse learning_seconds', () => {
      expect(fields(mergeRule(undefined, { ...newPattern, threshold: 3, group_by: 'host' }).errors)).toEqual(['threshold', 'group_by']);
      expect(mergeRule(undefined, { ...threshold, learning_seconds: 60 }).errors).toEqual([
        { field: 'learning_seconds', errors: ['learning_seconds applies only to NEW_PATTERN rules'] },
      ]);
    });

    it('clears learning_seconds when a rule changes to another kind', () => {
      const existing = mergeRule(undefined, newPattern).rule;
      expect(mergeRule(existing, { kind: 'THRESHOLD', threshold: 5 })).toMatchObject({ errors: [], rule: { learning_seconds: null } });
    });
  });
});
