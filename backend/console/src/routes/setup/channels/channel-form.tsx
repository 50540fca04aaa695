import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';

type Body = Schemas['CreateNotificationChannelDto'];

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** Each type takes its own destination field: a URL, recipients (EMAIL) or a routing key (PAGERDUTY). */
const URL_TYPES: ReadonlyArray<Body['type']> = ['WEBHOOK', 'SLACK', 'MS_TEAMS'];

const addresses = (raw: string): string[] =>
  raw
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter(Boolean);

/** Adds a channel of any type. A webhook secret left empty is generated and handed to `onSecret` (shown once). */
export function ChannelForm({ onSecret }: { onSecret(channel: Schemas['NotificationChannelWithSecretDto']): void }) {
  const queryClient = useQueryClient();
  const create = api.useMutation('post', '/notification-channels', {
    onSuccess: () =>
      queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/notification-channels') }),
  });
  const errors = formErrorsOf(create.error);
  const [type, setType] = useState<Body['type']>('WEBHOOK');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const secret = String(form.get('secret') ?? '');
    const body: Body = {
      name: String(form.get('name') ?? ''),
      type,
      min_severity: String(form.get('min_severity')) as Body['min_severity'],
      ...(URL_TYPES.includes(type) ? { url: String(form.get('url') ?? '') } : {}),
      ...(type === 'EMAIL' ? { recipients: addresses(String(form.get('recipients') ?? '')) } : {}),
      ...(type === 'PAGERDUTY' ? { routing_key: String(form.get('routing_key') ?? '').trim() } : {}),
      ...(type === 'WEBHOOK' && secret ? { secret } : {}),
    };
    create.mutate(
      { body },
      {
        onSuccess: (channel) => {
          element.reset();
          setType('WEBHOOK');
          if (channel.secret) onSecret(channel);
        },
      },
    );
  }

  return (
    <form className="form-panel" aria-labelledby="channel-form-title" noValidate onSubmit={submit}>
      <h2 id="channel-form-title">New notification channel</h2>
      <FormAlert id="channel-form-error" errors={errors} />
      <Field form="channel" name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} />}
      </Field>
      <Field form="channel" name="type" label="Type" errors={errors}>
        {(props) => (
          <select {...props} value={type} onChange={(event) => setType(event.target.value as Body['type'])}>
            <option value="WEBHOOK">Webhook (signed)</option>
            <option value="SLACK">Slack incoming webhook</option>
            <option value="MS_TEAMS">Microsoft Teams (Workflows webhook)</option>
            <option value="EMAIL">Email</option>
            <option value="PAGERDUTY">PagerDuty (Events API v2)</option>
          </select>
        )}
      </Field>
      {URL_TYPES.includes(type) && (
        <Field
          form="channel"
          name="url"
          label="URL"
          errors={errors}
          hint="http(s); private addresses are refused unless the server allows them."
        >
          {(props) => <input {...props} type="url" required maxLength={2048} />}
        </Field>
      )}
      {type === 'EMAIL' && (
        <Field form="channel" name="recipients" label="Recipients" errors={errors} hint="1-20 addresses, separated by commas or lines.">
          {(props) => <textarea {...props} required rows={2} />}
        </Field>
      )}
      {type === 'PAGERDUTY' && (
        <Field
          form="channel"
          name="routing_key"
          label="Routing key"
          errors={errors}
          hint="The 32-character integration key of an Events API v2 integration."
        >
          {(props) => <input {...props} type="password" autoComplete="off" required />}
        </Field>
      )}
      <Field form="channel" name="min_severity" label="Minimum severity" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="LOW">
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        )}
      </Field>
      {type === 'WEBHOOK' && (
        <Field
          form="channel"
          name="secret"
          label="Signing secret (webhook, optional)"
          errors={errors}
          hint="16-256 characters. Empty: one is generated."
        >
          {(props) => <input {...props} type="password" autoComplete="off" />}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Add channel
        </button>
      </div>
    </form>
  );
}
