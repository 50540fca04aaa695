import { useState, type FormEvent } from 'react';
import { ActionError } from './action-error';
import { useIncidentPost } from './use-incident-mutation';

export function CommentForm({ incidentId }: { incidentId: string }) {
  const [body, setBody] = useState('');
  const comment = useIncidentPost('/incidents/{id}/comments');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    comment.mutate({ params: { path: { id: incidentId } }, body: { body } }, { onSuccess: () => setBody('') });
  };
  return (
    <form className="stacked-form" onSubmit={submit}>
      <label htmlFor="comment">Comment</label>
      <textarea id="comment" rows={3} maxLength={10_000} required value={body} onChange={(e) => setBody(e.target.value)} />
      <div className="action-row">
        <button type="submit" className="button" disabled={comment.isPending || !body.trim()}>
          Add comment
        </button>
      </div>
      <ActionError error={comment.error} />
    </form>
  );
}
