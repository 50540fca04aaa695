import { useEffect, useRef, type FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';

type User = Schemas['UserResponse'];

/** Sets a new password for someone (PATCH with only `password`); the API's policy refusal shows next to the field. */
export function PasswordResetForm({ user, onDone }: { user: User; onDone(changed: boolean): void }) {
  const reset = api.useMutation('patch', '/users/{id}');
  const errors = formErrorsOf(reset.error);
  const heading = useRef<HTMLHeadingElement>(null);
  // Opened from a row's button: focus moves here so keyboard users land on the form.
  useEffect(() => heading.current?.focus(), []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password') ?? '');
    reset.mutate({ params: { path: { id: user.id } }, body: { password } }, { onSuccess: () => onDone(true) });
  }

  return (
    <form className="form-panel" aria-labelledby="password-reset-title" noValidate onSubmit={submit}>
      <h2 id="password-reset-title" ref={heading} tabIndex={-1}>
        Reset the password of {user.email}
      </h2>
      <FormAlert id="password-reset-error" errors={errors} />
      <Field
        form="password-reset"
        name="password"
        label="New password"
        errors={errors}
        hint="At least 12 characters; not a common password, not a few characters repeated."
      >
        {(props) => <input {...props} type="password" required autoComplete="new-password" />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={reset.isPending}>
          Set password
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
