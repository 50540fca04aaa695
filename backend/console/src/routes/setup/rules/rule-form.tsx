import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';
import { createBodyOf, initialValue, updateBodyOf, type CreateBody, type Rule } from './rule-body';
import { RulePreview } from './rule-preview';

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;

const refreshRules = (queryClient: QueryClient) =>
  queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/detection-rules') });

/** Creates a rule, or with `rule` edits that one (prefilled, only the changed fields sent); `onDone` closes the editor. */
export function RuleForm({ rule, onDone }: { rule?: Rule; onDone?(): void }) {
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<CreateBody['kind']>(rule?.kind ?? 'THRESHOLD');
  const create = api.useMutation('post', '/detection-rules', { onSuccess: () => refreshRules(queryClient) });
  const update = api.useMutation('patch', '/detection-rules/{id}', { onSuccess: () => refreshRules(queryClient) });
  const errors = formErrorsOf(rule ? update.error : create.error);
  const pending = create.isPending || update.isPending;
  const heading = useRef<HTMLHeadingElement>(null);
  // Opening the editor from a row's Edit button moves focus to it, so keyboard users land on the form.
  const editedId = rule?.id;
  useEffect(() => {
    if (editedId) heading.current?.focus();
  }, [editedId]);
  const formId = rule ? 'rule-edit' : 'rule';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (!rule) return create.mutate({ body: createBodyOf(data) }, { onSuccess: () => form.reset() });
    const body = updateBodyOf(data, rule);
    if (Object.keys(body).length === 0) return onDone?.();
    update.mutate({ params: { path: { id: rule.id } }, body }, { onSuccess: () => onDone?.() });
  }

  return (
    <form className="form-panel" aria-labelledby={`${formId}-form-title`} noValidate onSubmit={submit}>
      <h2 id={`${formId}-form-title`} ref={heading} tabIndex={-1}>
        {rule ? `Edit rule ${rule.name}` : 'New detection rule'}
      </h2>
      <FormAlert id={`${formId}-form-error`} errors={errors} />
      <Field form={formId} name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} defaultValue={initialValue(rule, 'name')} />}
      </Field>
      <Field
        form={formId}
        name="kind"
        label="Kind"
        errors={errors}
        hint="Threshold: count above a number. Anomaly: against the baseline. Absence: too few logs (a service went quiet). New pattern: a message template the service never sent before."
      >
        {(props) => (
          <select {...props} value={kind} onChange={(event) => setKind(event.target.value as CreateBody['kind'])}>
            <option value="THRESHOLD">Threshold</option>
            <option value="ANOMALY">Anomaly</option>
            <option value="ABSENCE">Absence</option>
            <option value="NEW_PATTERN">New pattern</option>
          </select>
        )}
      </Field>
      <Field form={formId} name="level" label="Lowest level counted" errors={errors}>
        {(props) => (
          <select {...props} defaultValue={initialValue(rule, 'level')}>
            {LEVELS.map((level) => (
              <option key={level}>{level}</option>
            ))}
          </select>
        )}
      </Field>
      <Field form={formId} name="severity" label="Severity of its incidents" errors={errors}>
        {(props) => (
          <select {...props} defaultValue={initialValue(rule, 'severity')}>
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        )}
      </Field>
      <Field
        form={formId}
        name="service_id"
        label="Service (optional)"
        errors={errors}
        hint={kind === 'ABSENCE' ? 'Empty: every service together (ingestion as a whole).' : 'Empty: each service counted separately.'}
      >
        {(props) => <input {...props} defaultValue={initialValue(rule, 'service_id')} />}
      </Field>
      {kind !== 'NEW_PATTERN' && (
        <Field form={formId} name="window_seconds" label="Window (seconds)" errors={errors} hint="1 to 86400.">
          {(props) => <input {...props} type="number" required min={1} max={86_400} defaultValue={initialValue(rule, 'window_seconds')} />}
        </Field>
      )}
      {kind === 'NEW_PATTERN' && (
        <Field
          form={formId}
          name="learning_seconds"
          label="Learning period (seconds)"
          errors={errors}
          hint="From the rule's first run: templates seen meanwhile are remembered and report nothing. 86400 is a day; 0 reports from the start."
        >
          {(props) => <input {...props} type="number" min={0} defaultValue={initialValue(rule, 'learning_seconds')} />}
        </Field>
      )}
      {kind === 'THRESHOLD' && (
        <>
          <Field form={formId} name="threshold" label="Threshold" errors={errors} hint="An incident when the count is greater than this.">
            {(props) => <input {...props} type="number" min={0} defaultValue={initialValue(rule, 'threshold')} />}
          </Field>
          <Field
            form={formId}
            name="group_by"
            label="Group by metadata key (optional)"
            errors={errors}
            hint="E.g. host: one incident per service and host, up to the server's cap of groups per rule."
          >
            {(props) => <input {...props} maxLength={64} defaultValue={initialValue(rule, 'group_by')} />}
          </Field>
        </>
      )}
      {kind === 'ANOMALY' && (
        <>
          <Field form={formId} name="baseline_minutes" label="Baseline (minutes)" errors={errors} hint="1 to 1440.">
            {(props) => <input {...props} type="number" min={1} max={1440} defaultValue={initialValue(rule, 'baseline_minutes')} />}
          </Field>
          <Field form={formId} name="z_score" label="z-score" errors={errors} hint="0.1 to 1000.">
            {(props) => <input {...props} type="number" step="0.1" min={0.1} max={1000} defaultValue={initialValue(rule, 'z_score')} />}
          </Field>
          <Field form={formId} name="min_count" label="Minimum count" errors={errors}>
            {(props) => <input {...props} type="number" min={1} defaultValue={initialValue(rule, 'min_count')} />}
          </Field>
        </>
      )}
      {kind === 'ABSENCE' && (
        <Field
          form={formId}
          name="min_count"
          label="Expected logs per window"
          errors={errors}
          hint="An incident when the window holds fewer; resolved when it holds this many again."
        >
          {(props) => <input {...props} type="number" min={1} defaultValue={initialValue(rule, 'min_count', 'ABSENCE')} />}
        </Field>
      )}
      {kind !== 'ABSENCE' && (
        <Field form={formId} name="auto_resolve_seconds" label="Auto-resolve after (seconds, optional)" errors={errors}>
          {(props) => <input {...props} type="number" min={1} defaultValue={initialValue(rule, 'auto_resolve_seconds')} />}
        </Field>
      )}
      <Field form={formId} name="message_pattern" label="Message pattern (optional)" errors={errors} hint="PostgreSQL regular expression.">
        {(props) => <input {...props} maxLength={500} defaultValue={initialValue(rule, 'message_pattern')} />}
      </Field>
      <RulePreview formId={formId} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {rule ? 'Save changes' : 'Create rule'}
        </button>
        {rule && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
