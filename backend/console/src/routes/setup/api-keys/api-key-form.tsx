import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';
import { SCOPES, ScopesFieldset } from './api-key-scopes';

/** Creates a key; the created key (with its secret, this once) goes to `onCreated`. */
export function ApiKeyForm({ onCreated }: { onCreated(key: Schemas['CreatedApiKeyResponse']): void }) {
  const queryClient = useQueryClient();
  const create = api.useMutation('post', '/api-keys', {
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/api-keys') }),
  });
  const errors = formErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const serviceId = String(form.get('service_id') ?? '').trim();
    const expires = String(form.get('expires_at') ?? '');
    const scopes = SCOPES.map(({ scope }) => scope).filter((scope) => form.getAll('scopes').includes(scope));
    const body = {
      name: String(form.get('name') ?? ''),
      ...(serviceId ? { service_id: serviceId } : {}),
      scopes,
      // The browser's local time, as the person typed it.
      ...(expires ? { expires_at: new Date(expires).toISOString() } : {}),
    };
    create.mutate(
      { body },
      {
        onSuccess: (key) => {
          element.reset();
          onCreated(key);
        },
      },
    );
  }

  return (
    <form className="form-panel" aria-labelledby="api-key-form-title" noValidate onSubmit={submit}>
      <h2 id="api-key-form-title">New API key</h2>
      <FormAlert id="api-key-form-error" errors={errors} />
      <Field form="api-key" name="name" label="What it is for" errors={errors}>
        {(props) => <input {...props} required maxLength={100} />}
      </Field>
      <Field
        form="api-key"
        name="service_id"
        label="Only for service (optional)"
        errors={errors}
        hint="Empty: may send logs and raise alerts for any service."
      >
        {(props) => <input {...props} />}
      </Field>
      <ScopesFieldset errors={errors} />
      <Field form="api-key" name="expires_at" label="Expires (optional)" errors={errors} hint="Empty: never expires.">
        {(props) => <input {...props} type="datetime-local" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create API key
        </button>
      </div>
    </form>
  );
}
