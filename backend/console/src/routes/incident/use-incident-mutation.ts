import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

type IncidentWrite =
  | '/incidents/{id}/acknowledge'
  | '/incidents/{id}/resolve'
  | '/incidents/{id}/reopen'
  | '/incidents/{id}/comments'
  | '/incidents/{id}/analysis/summary';

/**
 * A write on this incident. Whatever the answer (even a 409: the incident changed under us),
 * every /incidents query is refetched, so the page shows the state the server now holds.
 */
export function useIncidentPost<P extends IncidentWrite>(path: P) {
  const queryClient = useQueryClient();
  return api.useMutation('post', path, { onSettled: () => refetchIncidents(queryClient) });
}

export function useIncidentPatch() {
  const queryClient = useQueryClient();
  return api.useMutation('patch', '/incidents/{id}', { onSettled: () => refetchIncidents(queryClient) });
}

function refetchIncidents(queryClient: ReturnType<typeof useQueryClient>) {
  return queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/incidents') });
}
