import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';

type Body = Schemas['CreateNotificationChannelDto'];

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Adds a Slack or webhook channel. A webhook secret left empty is generated and handed to `onSecret` (shown once). */
export function ChannelForm({ onSecret }: { onSecret(channel: Schemas['NotificationChannelWithSecretDto']): void }) {
  const queryClient = useQueryClient();
  const create = api.useMutation('post', '/notification-channels', {
    onSuccess: () =>
      queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/notification-channels') }),
  });
  const errors = formErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const secret = String(form.get('secret') ?? '');
    const body: Body = {
      name: String(form.get('name') ?? ''),
      type: String(form.get('type')) as Body['type'],
      url: String(form.get('url') ?? ''),
      min_severity: String(form.get('min_severity')) as Body['min_severity'],
      ...(secret ? { secret } : {}),
    };
    create.mutate(
      { body },
      {
        onSuccess: (channel) => {
          element.reset();
          if (channel.secret) onSecret(channel);
        },
      },
    );
  }

  return (
    <form className="setup-form" aria-labelledby="channel-form-title" noValidate onSubmit={submit}>
      <h2 id="channel-form-title">New notification channel</h2>
      <FormAlert id="channel-form-error" errors={errors} />
      <Field form="channel" name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} />}
      </Field>
      <Field form="channel" name="type" label="Type" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="WEBHOOK">
            <option value="WEBHOOK">Webhook (signed)</option>
            <option value="SLACK">Slack incoming webhook</option>
          </select>
        )}
      </Field>
      <Field
        form="channel"
        name="url"
        label="URL"
        errors={errors}
        hint="http(s); private addresses are refused unless the server allows them."
      >
        {(props) => <input {...props} type="url" required maxLength={2048} />}
      </Field>
      <Field form="channel" name="min_severity" label="Minimum severity" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="LOW">
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        )}
      </Field>
      <Field
        form="channel"
        name="secret"
        label="Signing secret (webhook, optional)"
        errors={errors}
        hint="16-256 characters. Empty: one is generated."
      >
        {(props) => <input {...props} type="password" autoComplete="off" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Add channel
        </button>
      </div>
    </form>
  );
}
