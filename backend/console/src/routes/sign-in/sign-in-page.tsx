import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage, fetchClient } from '../../api/client';
import { PageTitle } from '../../components/page-title';
import { ME_KEY } from '../../session/require-session';
import { safeNext } from '../../session/sign-in-path';

/** Email and password -> the API sets the session cookie; then back to the page the user was on. */
export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const { data, error: refusal } = await fetchClient.POST('/auth/session', {
        body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
      });
      if (!data) throw refusal;
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, data.user);
      await navigate(safeNext(params.get('next')), { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <PageTitle title="Sign in" />
      <form className="sign-in-form" onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        {error && (
          <p id="sign-in-error" className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
