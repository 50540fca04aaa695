import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api } from '../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../components/form-errors';
import { invalidateSchedules } from './schedule-queries';

/** `datetime-local` values are in the browser's zone: sent as instants. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : local);

export function OverrideForm({ scheduleId }: { scheduleId: string }) {
  const queryClient = useQueryClient();
  const users = api.useQuery('get', '/users');
  const add = api.useMutation('post', '/schedules/{id}/overrides', { onSettled: () => invalidateSchedules(queryClient) });
  const errors = formErrorsOf(add.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const body = {
      user_id: String(form.get('user_id') ?? ''),
      starts_at: toInstant(String(form.get('starts_at') ?? '')),
      ends_at: toInstant(String(form.get('ends_at') ?? '')),
    };
    add.mutate({ params: { path: { id: scheduleId } }, body }, { onSuccess: () => element.reset() });
  }

  return (
    <form className="form-panel" aria-labelledby="override-form-title" noValidate onSubmit={submit}>
      <h2 id="override-form-title">Add an override</h2>
      <FormAlert id="override-form-error" errors={errors} />
      <Field form="override" name="user_id" label="Who" errors={errors}>
        {(props) => (
          <select {...props} required>
            <option value="">Choose a person</option>
            {(users.data ?? [])
              .filter((user) => user.active)
              .map((user) => (
                <option key={user.id} value={user.id}>
                  {user.email}
                </option>
              ))}
          </select>
        )}
      </Field>
      <Field form="override" name="starts_at" label="From" errors={errors} hint="Your local time">
        {(props) => <input {...props} type="datetime-local" required />}
      </Field>
      <Field form="override" name="ends_at" label="Until" errors={errors}>
        {(props) => <input {...props} type="datetime-local" required />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={add.isPending}>
          Add override
        </button>
      </div>
    </form>
  );
}
