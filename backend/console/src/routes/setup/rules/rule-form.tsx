import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';

type Body = Schemas['CreateDetectionRuleDto'];

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

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
function bodyOf(form: FormData): Body {
  const kind = String(form.get('kind')) as Body['kind'];
  const common = {
    name: String(form.get('name') ?? ''),
    kind,
    level: String(form.get('level')) as Body['level'],
    severity: String(form.get('severity')) as Body['severity'],
    service_id: textOrUndefined(form.get('service_id')),
    window_seconds: numberOrUndefined(form.get('window_seconds')) as number,
    auto_resolve_seconds: numberOrUndefined(form.get('auto_resolve_seconds')),
    message_pattern: textOrUndefined(form.get('message_pattern')),
  };
  if (kind === 'THRESHOLD') return { ...common, threshold: numberOrUndefined(form.get('threshold')) };
  return {
    ...common,
    baseline_minutes: numberOrUndefined(form.get('baseline_minutes')),
    z_score: numberOrUndefined(form.get('z_score')),
    min_count: numberOrUndefined(form.get('min_count')),
  };
}

export function RuleForm() {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Body['kind']>('THRESHOLD');
  const create = api.useMutation('post', '/detection-rules', {
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/detection-rules') }),
  });
  const errors = formErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    create.mutate({ body: bodyOf(new FormData(form)) }, { onSuccess: () => form.reset() });
  }

  return (
    <form className="setup-form" aria-labelledby="rule-form-title" noValidate onSubmit={submit}>
      <h2 id="rule-form-title">New detection rule</h2>
      <FormAlert id="rule-form-error" errors={errors} />
      <Field form="rule" name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} />}
      </Field>
      <Field form="rule" name="kind" label="Kind" errors={errors} hint="Threshold: count above a number. Anomaly: against the baseline.">
        {(props) => (
          <select {...props} value={kind} onChange={(event) => setKind(event.target.value as Body['kind'])}>
            <option value="THRESHOLD">Threshold</option>
            <option value="ANOMALY">Anomaly</option>
          </select>
        )}
      </Field>
      <Field form="rule" name="level" label="Lowest level counted" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="ERROR">
            {LEVELS.map((level) => (
              <option key={level}>{level}</option>
            ))}
          </select>
        )}
      </Field>
      <Field form="rule" name="severity" label="Severity of its incidents" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="HIGH">
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        )}
      </Field>
      <Field form="rule" name="service_id" label="Service (optional)" errors={errors} hint="Empty: each service counted separately.">
        {(props) => <input {...props} />}
      </Field>
      <Field form="rule" name="window_seconds" label="Window (seconds)" errors={errors} hint="1 to 86400.">
        {(props) => <input {...props} type="number" required min={1} max={86_400} defaultValue={60} />}
      </Field>
      {kind === 'THRESHOLD' ? (
        <Field form="rule" name="threshold" label="Threshold" errors={errors} hint="An incident when the count is greater than this.">
          {(props) => <input {...props} type="number" min={0} defaultValue={5} />}
        </Field>
      ) : (
        <>
          <Field form="rule" name="baseline_minutes" label="Baseline (minutes)" errors={errors} hint="1 to 1440.">
            {(props) => <input {...props} type="number" min={1} max={1440} defaultValue={30} />}
          </Field>
          <Field form="rule" name="z_score" label="z-score" errors={errors} hint="0.1 to 1000.">
            {(props) => <input {...props} type="number" step="0.1" min={0.1} max={1000} defaultValue={3} />}
          </Field>
          <Field form="rule" name="min_count" label="Minimum count" errors={errors}>
            {(props) => <input {...props} type="number" min={1} defaultValue={5} />}
          </Field>
        </>
      )}
      <Field form="rule" name="auto_resolve_seconds" label="Auto-resolve after (seconds, optional)" errors={errors}>
        {(props) => <input {...props} type="number" min={1} />}
      </Field>
      <Field form="rule" name="message_pattern" label="Message pattern (optional)" errors={errors} hint="PostgreSQL regular expression.">
        {(props) => <input {...props} maxLength={500} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create rule
        </button>
      </div>
    </form>
  );
}
