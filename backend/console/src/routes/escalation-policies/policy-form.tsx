import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../components/form-errors';
import { bodyOf, changesOf, draftOf, type Policy, type PolicyDraft } from './policy-draft';
import { StepEditor } from './step-editor';

/** Creates a policy, or edits `policy` (sending only what changed). */
export function PolicyForm({ policy, onDone }: { policy?: Policy; onDone(): void }) {
  const queryClient = useQueryClient();
  const invalidate = () =>
    queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/escalation-policies') });
  const create = api.useMutation('post', '/escalation-policies', { onSuccess: invalidate });
  const update = api.useMutation('patch', '/escalation-policies/{id}', { onSuccess: invalidate });
  const users = api.useQuery('get', '/users');
  const channels = api.useQuery('get', '/notification-channels');
  const rules = api.useQuery('get', '/detection-rules');
  const [draft, setDraft] = useState<PolicyDraft>(() => draftOf(policy));
  const errors = formErrorsOf(policy ? update.error : create.error);
  const set = (change: Partial<PolicyDraft>) => setDraft((old) => ({ ...old, ...change }));
  const formId = policy ? 'policy-edit' : 'policy-new';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyOf(draft);
    const done = {
      onSuccess: () => {
        if (!policy) setDraft(draftOf());
        onDone();
      },
    };
    if (policy) update.mutate({ params: { path: { id: policy.id } }, body: changesOf(policy, body) }, done);
    else create.mutate({ body }, done);
  }

  const title = policy ? `Edit ${policy.name}` : 'New escalation policy';
  return (
    <form className="form-panel policy-form" aria-labelledby={`${formId}-title`} noValidate onSubmit={submit}>
      <h2 id={`${formId}-title`}>{title}</h2>
      <FormAlert id={`${formId}-error`} errors={errors} />
      <Field form={formId} name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} value={draft.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field form={formId} name="description" label="Description (optional)" errors={errors}>
        {(props) => <input {...props} maxLength={1000} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <Field
        form={formId}
        name="repeat_count"
        label="Repeat all steps (times)"
        errors={errors}
        hint="0-9 more rounds when nobody acknowledges."
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={9}
            value={draft.repeat_count}
            onChange={(e) => set({ repeat_count: e.target.value })}
          />
        )}
      </Field>
      <Field
        form={formId}
        name="ack_timeout_minutes"
        label="Acknowledgement timeout (minutes)"
        errors={errors}
        hint="Empty: none. Acknowledged but unresolved this long: open again and escalate."
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={1}
            value={draft.ack_timeout_minutes}
            onChange={(e) => set({ ack_timeout_minutes: e.target.value })}
          />
        )}
      </Field>
      <Field form={formId} name="service_ids" label="Services (comma-separated)" errors={errors}>
        {(props) => <input {...props} value={draft.service_ids} onChange={(e) => set({ service_ids: e.target.value })} />}
      </Field>
      <div className="field">
        <label className="checkbox-field">
          <input type="checkbox" checked={draft.is_default} onChange={(e) => set({ is_default: e.target.checked })} /> Default policy
          (incidents no rule or service policy covers)
        </label>
        {errors.fields['is_default'] && <p className="form-error">{errors.fields['is_default'].join('; ')}</p>}
      </div>
      <fieldset className="policy-rules">
        <legend>Detection rules</legend>
        {(rules.data ?? []).map((rule) => (
          <label key={rule.id} className="checkbox-field">
            <input
              type="checkbox"
              checked={draft.rule_ids.includes(rule.id)}
              onChange={(e) =>
                set({ rule_ids: e.target.checked ? [...draft.rule_ids, rule.id] : draft.rule_ids.filter((id) => id !== rule.id) })
              }
            />{' '}
            {rule.name}
          </label>
        ))}
      </fieldset>
      <StepEditor
        formId={formId}
        steps={draft.steps}
        onChange={(steps) => set({ steps })}
        choices={{ users: users.data ?? [], channels: channels.data ?? [] }}
        errors={errors}
      />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || update.isPending}>
          {policy ? 'Save policy' : 'Add policy'}
        </button>
        {policy && (
          <button type="button" className="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
