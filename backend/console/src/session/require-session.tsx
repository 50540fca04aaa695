import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, fetchClient, isApiError, onUnauthorized } from '../api/client';
import { ErrorState } from '../components/error-state';
import { Loading } from '../components/loading';
import { roleCan } from './permissions';
import { SessionContext, type Session } from './session-context';
import { signInPath } from './sign-in-path';

export const ME_KEY = ['get', '/auth/me'] as const;

/** Renders its children for a signed-in user; otherwise sends them to sign-in, keeping the page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = api.useQuery('get', '/auth/me', undefined, { retry: false, staleTime: 5 * 60_000 });

  // Any 401 (expired, revoked, deactivated): ask /auth/me again; its 401 redirects below.
  useEffect(() => onUnauthorized(() => void queryClient.invalidateQueries({ queryKey: ME_KEY })), [queryClient]);

  const signOut = useCallback(async () => {
    await fetchClient.DELETE('/auth/session');
    queryClient.clear();
    await navigate('/sign-in', { replace: true });
  }, [navigate, queryClient]);

  const session = useMemo<Session | null>(
    () => (me.data ? { user: me.data, can: (action) => roleCan(me.data.role, action), signOut } : null),
    [me.data, signOut],
  );

  if (me.error && isApiError(me.error) && me.error.statusCode === 401) {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  if (me.error) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  if (!session) return <Loading label="Checking your session" />;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
