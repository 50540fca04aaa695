import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../components/form-errors';

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const WEEKDAYS = [
  ['MO', 'Monday'],
  ['TU', 'Tuesday'],
  ['WE', 'Wednesday'],
  ['TH', 'Thursday'],
  ['FR', 'Friday'],
  ['SA', 'Saturday'],
  ['SU', 'Sunday'],
] as const;
type Weekday = (typeof WEEKDAYS)[number][0];

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
// datetime-local has no zone: it is the browser's local time.
const instant = (value: string) => (value ? new Date(value).toISOString() : value);
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Creates a silence: matchers, period, comment, and optionally a weekly or RRULE recurrence. */
export function SilenceForm() {
  const queryClient = useQueryClient();
  const [recurring, setRecurring] = useState(false);
  const create = api.useMutation('post', '/silences', {
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/silences') }),
  });
  const errors = formErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const optional = (name: string) => text(form, name) || undefined;
    const rrule = optional('recurrence.rrule');
    const weekdays = form.getAll('recurrence.weekdays').map(String) as Weekday[];
    const body = {
      matchers: {
        service_id: optional('matchers.service_id'),
        rule_id: optional('matchers.rule_id'),
        min_severity: optional('matchers.min_severity') as (typeof SEVERITIES)[number] | undefined,
        title_contains: optional('matchers.title_contains'),
      },
      starts_at: instant(text(form, 'starts_at')),
      ends_at: instant(text(form, 'ends_at')),
      comment: text(form, 'comment'),
      ...(recurring
        ? {
            recurrence: {
              ...(rrule ? { rrule } : { weekdays }),
              start_time: text(form, 'recurrence.start_time'),
              duration_minutes: Number(text(form, 'recurrence.duration_minutes')),
              time_zone: text(form, 'recurrence.time_zone'),
            },
          }
        : {}),
    };
    create.mutate({ body }, { onSuccess: () => element.reset() });
  }

  return (
    <form className="form-panel" aria-labelledby="silence-form-title" noValidate onSubmit={submit}>
      <h2 id="silence-form-title">New silence</h2>
      <FormAlert id="silence-form-error" errors={errors} />
      <Field
        form="silence"
        name="matchers.service_id"
        label="Service (exact or glob)"
        errors={errors}
        hint="e.g. checkout-* ; * any run, ? one character"
      >
        {(props) => <input {...props} />}
      </Field>
      <Field form="silence" name="matchers.title_contains" label="Title contains" errors={errors}>
        {(props) => <input {...props} maxLength={200} />}
      </Field>
      <Field form="silence" name="matchers.min_severity" label="Minimum severity" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="">
            <option value="">Any</option>
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {severity}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field form="silence" name="matchers.rule_id" label="Rule id" errors={errors}>
        {(props) => <input {...props} />}
      </Field>
      <Field form="silence" name="starts_at" label="Starts" errors={errors}>
        {(props) => <input {...props} type="datetime-local" required />}
      </Field>
      <Field form="silence" name="ends_at" label="Ends" errors={errors}>
        {(props) => <input {...props} type="datetime-local" required />}
      </Field>
      <Field form="silence" name="comment" label="Comment" errors={errors}>
        {(props) => <input {...props} required maxLength={1000} />}
      </Field>
      <div className="field">
        <label className="checkbox-label">
          <input type="checkbox" checked={recurring} onChange={(event) => setRecurring(event.target.checked)} /> Recurring maintenance
          window
        </label>
      </div>
      {recurring && (
        <fieldset className="silence-recurrence">
          <legend>Recurrence</legend>
          {errors.fields['recurrence'] && <p className="form-error">{errors.fields['recurrence'].join('; ')}</p>}
          <div className="weekday-choices" role="group" aria-label="Weekly on">
            {WEEKDAYS.map(([value, label]) => (
              <label key={value} className="checkbox-label">
                <input type="checkbox" name="recurrence.weekdays" value={value} /> {label}
              </label>
            ))}
          </div>
          <Field
            form="silence"
            name="recurrence.rrule"
            label="or RRULE"
            errors={errors}
            hint="e.g. FREQ=MONTHLY;BYDAY=1SA (instead of days)"
          >
            {(props) => <input {...props} />}
          </Field>
          <Field form="silence" name="recurrence.start_time" label="Local start time" errors={errors}>
            {(props) => <input {...props} type="time" defaultValue="02:00" />}
          </Field>
          <Field form="silence" name="recurrence.duration_minutes" label="Duration (minutes)" errors={errors}>
            {(props) => <input {...props} type="number" min={1} defaultValue={120} />}
          </Field>
          <Field form="silence" name="recurrence.time_zone" label="Time zone (IANA)" errors={errors}>
            {(props) => <input {...props} defaultValue={browserZone()} />}
          </Field>
        </fieldset>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create silence
        </button>
      </div>
    </form>
  );
}
