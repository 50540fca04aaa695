import { useQueryClient } from '@tanstack/react-query';
import { api, errorMessage } from '../../../api/client';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';

/**
 * How people sign in: whether SSO is configured (from the server's OIDC_* settings) and the one
 * switch an admin has, local passwords on or off. The API refuses "off" until SSO is known to
 * work for the admin asking (they signed in through it); its message is shown.
 */
export function SignInMethodsPage() {
  const queryClient = useQueryClient();
  const settings = api.useQuery('get', '/settings');
  const update = api.useMutation('patch', '/settings', {
    onSuccess: (data) => queryClient.setQueryData(['get', '/settings', {}], data),
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/settings') }),
  });
  if (settings.isPending) return <Loading label="Loading sign-in settings" />;
  if (settings.error) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const { local_passwords: passwords, sso_configured: sso } = settings.data;
  return (
    <>
      <PageTitle title="Sign-in methods" />
      <dl className="detail-list">
        <dt>Single sign-on (OpenID Connect)</dt>
        <dd>{sso ? 'Configured: the sign-in page offers it.' : 'Not configured (set OIDC_ISSUER and the other OIDC_ settings).'}</dd>
        <dt>Email and password</dt>
        <dd>{passwords ? 'On' : 'Off: only SSO signs people in.'}</dd>
      </dl>
      <button
        type="button"
        className="button"
        disabled={update.isPending}
        onClick={() => update.mutate({ body: { local_passwords: !passwords } })}
      >
        {passwords ? 'Turn password sign-in off' : 'Turn password sign-in on'}
      </button>
      {update.error && (
        <p role="alert" className="form-error">
          {errorMessage(update.error)}
        </p>
      )}
    </>
  );
}
