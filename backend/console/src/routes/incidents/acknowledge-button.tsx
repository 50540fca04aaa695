import { useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, type Schemas } from '../../api/client';

/** OPEN -> ACKNOWLEDGED from the list. Rendered only for roles that may (the API checks again). */
export function AcknowledgeButton({ incident }: { incident: Schemas['IncidentDto'] }) {
  const queryClient = useQueryClient();
  const acknowledge = api.useMutation('post', '/incidents/{id}/acknowledge', {
    onSettled: () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/incidents') }),
  });
  return (
    <>
      <button
        type="button"
        className="button button-small"
        disabled={acknowledge.isPending}
        aria-label={`Acknowledge ${incident.title}`}
        onClick={() => acknowledge.mutate({ params: { path: { id: incident.id } } })}
      >
        Acknowledge
      </button>
      {acknowledge.error && (
        <span role="alert" className="form-error">
          {errorMessage(acknowledge.error)}
        </span>
      )}
    </>
  );
}
