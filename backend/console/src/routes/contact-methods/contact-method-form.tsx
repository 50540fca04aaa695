import { useState, type FormEvent } from 'react';
import { Field, FormAlert, formErrorsOf } from '../../components/form-errors';
import type { ContactMethodsApi, CreateBody } from './contact-methods-api';

const ADDRESS_LABELS: Record<CreateBody['type'], { label: string; hint: string; type: string }> = {
  EMAIL: { label: 'Email address', hint: 'A code is mailed to it.', type: 'email' },
  SLACK_MEMBER: { label: 'Slack member id', hint: 'Such as U0123ABCD (Slack: profile, More, Copy member ID).', type: 'text' },
  WEBHOOK: { label: 'Webhook URL', hint: 'http(s); receives a JSON body with the code.', type: 'url' },
};

/** Adds a contact method; the code is sent at once and `onAdded` is told whether it went out. */
export function ContactMethodForm({ methods, onAdded }: { methods: ContactMethodsApi; onAdded(message: string): void }) {
  const [type, setType] = useState<CreateBody['type']>('EMAIL');
  const errors = formErrorsOf(methods.create.error);
  const address = ADDRESS_LABELS[type];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const slackChannel = String(form.get('slack_channel_id') ?? '').trim();
    const body: CreateBody = {
      type,
      label: String(form.get('label') ?? ''),
      address: String(form.get('address') ?? ''),
      ...(type === 'SLACK_MEMBER' ? { slack_channel_id: slackChannel } : {}),
    };
    methods.create
      .run(body)
      .then((created) => {
        element.reset();
        const sent = created.verification as { sent?: boolean; error?: string | null } | undefined;
        onAdded(
          sent?.sent
            ? `A verification code was sent to "${created.label}".`
            : `"${created.label}" was added, but its code could not be sent: ${sent?.error ?? 'unknown error'}.`,
        );
      })
      .catch(() => undefined);
  }

  return (
    <form className="form-panel" aria-labelledby="contact-method-form-title" noValidate onSubmit={submit}>
      <h2 id="contact-method-form-title">New contact method</h2>
      <FormAlert id="contact-method-form-error" errors={errors} />
      <Field form="contact-method" name="type" label="Type" errors={errors}>
        {(props) => (
          <select {...props} value={type} onChange={(event) => setType(event.target.value as CreateBody['type'])}>
            <option value="EMAIL">Email</option>
            <option value="SLACK_MEMBER">Slack mention</option>
            <option value="WEBHOOK">Webhook</option>
          </select>
        )}
      </Field>
      <Field form="contact-method" name="label" label="Label" errors={errors}>
        {(props) => <input {...props} required maxLength={100} />}
      </Field>
      <Field form="contact-method" name="address" label={address.label} errors={errors} hint={address.hint}>
        {(props) => <input {...props} type={address.type} required maxLength={2048} />}
      </Field>
      {type === 'SLACK_MEMBER' && (
        <Field
          form="contact-method"
          name="slack_channel_id"
          label="Slack channel id"
          errors={errors}
          hint="The id of a SLACK notification channel (Setup, Channels): its webhook carries the mention."
        >
          {(props) => <input {...props} required />}
        </Field>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={methods.create.isPending}>
          Add contact method
        </button>
      </div>
    </form>
  );
}
