import { useQueryClient } from '@tanstack/react-query';
import { api, type Schemas } from '../../api/client';

export type ContactMethod = Schemas['ContactMethodDto'];
export type CreateBody = Schemas['CreateContactMethodDto'];

/** One operation, whichever of the two paths it runs on. */
export interface Operation<Input, Output> {
  run(input: Input): Promise<Output>;
  error: unknown;
  isPending: boolean;
  reset(): void;
}

function operation<Input, Output>(
  mine: { mutateAsync(input: never): Promise<Output>; error: unknown; isPending: boolean; reset(): void },
  theirs: { mutateAsync(input: never): Promise<Output>; error: unknown; isPending: boolean; reset(): void },
  userId: string | undefined,
  mineInput: (input: Input) => unknown,
  theirsInput: (input: Input, userId: string) => unknown,
): Operation<Input, Output> {
  const used = userId ? theirs : mine;
  return {
    run: (input) => (userId ? theirs.mutateAsync(theirsInput(input, userId) as never) : mine.mutateAsync(mineInput(input) as never)),
    error: used.error,
    isPending: used.isPending,
    reset: () => used.reset(),
  };
}

/**
 * The signed-in user's contact methods (`/users/me/...`), or, for an admin, another user's
 * (`/users/{userId}/...`): the same operations under two paths. Both sets of hooks exist
 * (hooks cannot be conditional); only the one in use runs.
 */
export function useContactMethodsApi(userId: string | undefined) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/users') });
  const mine = api.useQuery('get', '/users/me/contact-methods', {}, { enabled: !userId });
  const theirs = api.useQuery(
    'get',
    '/users/{userId}/contact-methods',
    { params: { path: { userId: userId ?? '' } } },
    { enabled: !!userId },
  );
  const byId = (id: string) => ({ params: { path: { id } } });
  const byUserAndId = (id: string, user: string) => ({ params: { path: { userId: user, id } } });
  return {
    list: userId ? theirs : mine,
    create: operation<CreateBody, Schemas['ContactMethodWithVerificationDto']>(
      api.useMutation('post', '/users/me/contact-methods', { onSuccess: refresh }),
      api.useMutation('post', '/users/{userId}/contact-methods', { onSuccess: refresh }),
      userId,
      (body) => ({ body }),
      (body, user) => ({ params: { path: { userId: user } }, body }),
    ),
    verify: operation<{ id: string; code: string }, ContactMethod>(
      api.useMutation('post', '/users/me/contact-methods/{id}/verify', { onSuccess: refresh }),
      api.useMutation('post', '/users/{userId}/contact-methods/{id}/verify', { onSuccess: refresh }),
      userId,
      ({ id, code }) => ({ ...byId(id), body: { code } }),
      ({ id, code }, user) => ({ ...byUserAndId(id, user), body: { code } }),
    ),
    resend: operation<string, Schemas['ContactMethodWithVerificationDto']>(
      api.useMutation('post', '/users/me/contact-methods/{id}/send-verification'),
      api.useMutation('post', '/users/{userId}/contact-methods/{id}/send-verification'),
      userId,
      byId,
      byUserAndId,
    ),
    test: operation<string, Schemas['ContactMethodTestResultDto']>(
      api.useMutation('post', '/users/me/contact-methods/{id}/test'),
      api.useMutation('post', '/users/{userId}/contact-methods/{id}/test'),
      userId,
      byId,
      byUserAndId,
    ),
    remove: operation<string, unknown>(
      api.useMutation('delete', '/users/me/contact-methods/{id}', { onSuccess: refresh }),
      api.useMutation('delete', '/users/{userId}/contact-methods/{id}', { onSuccess: refresh }),
      userId,
      byId,
      byUserAndId,
    ),
  };
}

export type ContactMethodsApi = ReturnType<typeof useContactMethodsApi>;
