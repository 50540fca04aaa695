import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf, type FormErrors } from '../../../components/form-errors';
import { SecretOnce } from '../../../components/secret-once';

type Channel = Schemas['NotificationChannelDto'];
type Body = Schemas['UpdateNotificationChannelDto'];
type EventType = NonNullable<Body['events']>[number];

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
// The API's list of notifiable events, in its order (a channel stores the ones it subscribes to).
const EVENTS: EventType[] = [
  'incident.opened',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.severity_changed',
  'incident.comment_added',
];

/**
 * Only what changed is sent. The stored URL comes back masked, so the URL input starts empty and
 * an empty input keeps it: prefilling the mask would save the mask as the new destination.
 */
function bodyOf(form: FormData, channel: Channel): Body {
  const body: Body = {};
  const name = String(form.get('name') ?? '');
  if (name !== channel.name) body.name = name;
  const url = String(form.get('url') ?? '').trim();
  if (url) body.url = url;
  const events = EVENTS.filter((event) => form.getAll('events').includes(event));
  if (events.join() !== EVENTS.filter((event) => channel.events.includes(event)).join()) body.events = events;
  const minSeverity = String(form.get('min_severity')) as Body['min_severity'];
  if (minSeverity !== channel.min_severity) body.min_severity = minSeverity;
  if (form.get('rotate_secret')) body.rotate_secret = true;
  return body;
}

/** The event checkboxes as one named group, with the API's error for `events` tied to it. */
function EventsFieldset({ channel, errors }: { channel: Channel; errors: FormErrors }) {
  const own = errors.fields.events;
  return (
    <fieldset className="field" aria-describedby={own ? 'channel-edit-events-error' : undefined}>
      <legend>Events</legend>
      {EVENTS.map((event) => (
        <label key={event} className="checkbox-field">
          <input type="checkbox" name="events" value={event} defaultChecked={channel.events.includes(event)} /> {event}
        </label>
      ))}
      {own && (
        <p id="channel-edit-events-error" className="form-error">
          {own.join('; ')}
        </p>
      )}
    </fieldset>
  );
}

function ChannelEditForm({ channel, onSaved }: { channel: Channel; onSaved(secret?: string): void }) {
  const queryClient = useQueryClient();
  // Told in the hook's own callback: saving refetches the channel, which remounts this form (see
  // the key below), and a callback given to mutate() is dropped for an unmounted form.
  const update = api.useMutation('patch', '/notification-channels/{id}', {
    onSuccess: (result) => {
      onSaved(result.secret);
      return queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/notification-channels') });
    },
  });
  const errors = formErrorsOf(update.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body = bodyOf(new FormData(event.currentTarget), channel);
    update.mutate({ params: { path: { id: channel.id } }, body });
  }

  return (
    <form className="form-panel" aria-labelledby="channel-edit-form-title" noValidate onSubmit={submit}>
      <h2 id="channel-edit-form-title">Edit channel</h2>
      <FormAlert id="channel-edit-form-error" errors={errors} />
      <Field form="channel-edit" name="name" label="Name" errors={errors}>
        {(props) => <input {...props} required maxLength={100} defaultValue={channel.name} />}
      </Field>
      {channel.type !== 'EMAIL' && channel.type !== 'PAGERDUTY' && (
        <Field form="channel-edit" name="url" label="New URL" errors={errors} hint="The stored URL is hidden: leave this empty to keep it.">
          {(props) => <input {...props} type="url" maxLength={2048} />}
        </Field>
      )}
      <Field form="channel-edit" name="min_severity" label="Minimum severity" errors={errors}>
        {(props) => (
          <select {...props} defaultValue={channel.min_severity}>
            {SEVERITIES.map((severity) => (
              <option key={severity}>{severity}</option>
            ))}
          </select>
        )}
      </Field>
      <EventsFieldset channel={channel} errors={errors} />
      {channel.type === 'WEBHOOK' && (
        <Field
          form="channel-edit"
          name="rotate_secret"
          label="Rotate the signing secret"
          errors={errors}
          hint="A new secret is generated and shown once; the old one stops working at once."
        >
          {(props) => <input {...props} type="checkbox" value="true" />}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={update.isPending}>
          Save changes
        </button>
      </div>
    </form>
  );
}

/** The edit form, and the new secret (once) after a rotation; the form restarts from the saved channel
 * (keyed by its update time), so a typed URL or a ticked rotation does not linger after saving. */
export function ChannelEditor({ channel }: { channel: Channel }) {
  const [secret, setSecret] = useState<string>();
  const [saved, setSaved] = useState(false);
  return (
    <>
      <p role="status" className="field-hint">
        {saved ? 'Changes saved.' : ''}
      </p>
      {secret && (
        <SecretOnce
          title={`New signing secret of ${channel.name}`}
          label="Webhook signing secret"
          value={secret}
          onClose={() => setSecret(undefined)}
        />
      )}
      <ChannelEditForm
        key={channel.updated_at}
        channel={channel}
        onSaved={(rotated) => {
          setSaved(true);
          setSecret(rotated);
        }}
      />
    </>
  );
}
