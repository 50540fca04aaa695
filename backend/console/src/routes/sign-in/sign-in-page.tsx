import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, errorMessage, fetchClient } from '../../api/client';
import { PageTitle } from '../../components/page-title';
import { ME_KEY } from '../../session/require-session';
import { safeNext } from '../../session/sign-in-path';

/** What the API's `sso_error` reasons mean to the person who just came back from the identity provider. */
const SSO_ERRORS: Record<string, string> = {
  state_mismatch: 'That sign-in was started in another browser or tab. Start again here.',
  state_unknown: 'That sign-in link was already used or took longer than 10 minutes. Start again.',
  provider_error: 'The identity provider did not sign you in.',
  token_rejected:
    'The identity provider’s answer could not be trusted (wrong client, expired or badly signed). Ask an admin to check the SSO set-up.',
  no_email: 'The identity provider did not share your email address.',
  email_unverified: 'An account with your email exists here, and the identity provider has not verified that email.',
  account_conflict: 'Your email is already linked to another SSO identity here.',
  deactivated: 'Your account is deactivated.',
  unavailable: 'The identity provider cannot be reached right now. Try again shortly.',
};

/**
 * Email and password -> the API sets the session cookie; then back to the page the user was on.
 * With SSO configured, a "Sign in with ..." link starts the provider's sign-in (a full page
 * navigation: the API redirects there and back).
 */
export function SignInPage() {
  const [params] = useSearchParams();
  const methods = api.useQuery('get', '/auth/methods');
  const ssoError = params.get('sso_error');
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
      {ssoError && (
        <p className="form-error" role="alert">
          {SSO_ERRORS[ssoError] ?? 'Signing in through SSO failed.'}
        </p>
      )}
      {methods.data?.sso && (
        <a className="button button-primary sso-button" href={methods.data.sso.sign_in_url}>
          Sign in with {methods.data.sso.name}
        </a>
      )}
      {methods.data?.password === false ? (
        <p>Sign-in with a password is turned off here.</p>
      ) : (
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
      )}
    </main>
  );
}
