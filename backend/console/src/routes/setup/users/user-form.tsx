import { useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, type Schemas } from '../../../api/client';
import { Field, FormAlert, formErrorsOf } from '../../../components/form-errors';

type Role = Schemas['CreateUserDto']['role'];

/** Adds a person with a role; the API checks the email and the password policy and says why next to the field. */
export function UserForm() {
  const queryClient = useQueryClient();
  const create = api.useMutation('post', '/users', {
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/users') }),
  });
  const errors = formErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const body = {
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
      role: String(form.get('role')) as Role,
    };
    create.mutate({ body }, { onSuccess: () => element.reset() });
  }

  return (
    <form className="form-panel" aria-labelledby="user-form-title" noValidate onSubmit={submit}>
      <h2 id="user-form-title">New user</h2>
      <FormAlert id="user-form-error" errors={errors} />
      <Field form="user" name="email" label="Email" errors={errors}>
        {(props) => <input {...props} type="email" required autoComplete="off" />}
      </Field>
      <Field
        form="user"
        name="password"
        label="Initial password"
        errors={errors}
        hint="At least 12 characters; not a common password, not a few characters repeated."
      >
        {(props) => <input {...props} type="password" required autoComplete="new-password" />}
      </Field>
      <Field form="user" name="role" label="Role" errors={errors}>
        {(props) => (
          <select {...props} defaultValue="VIEWER">
            <option value="VIEWER">Viewer: reads everything</option>
            <option value="RESPONDER">Responder: also works incidents</option>
            <option value="ADMIN">Admin: also setup</option>
          </select>
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          Create user
        </button>
      </div>
    </form>
  );
}
