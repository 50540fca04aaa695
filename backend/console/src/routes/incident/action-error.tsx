import { errorMessage, isApiError } from '../../api/client';

const REFUSED: Record<number, string> = {
  403: 'Your role may not do this.',
  404: 'This incident no longer exists.',
  409: 'Refused: the incident changed meanwhile.',
};

/** The server's refusal in words: what kind of refusal, then its own sentence. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const kind = isApiError(error) ? REFUSED[error.statusCode] : undefined;
  return (
    <p role="alert" className="form-error">
      {kind && <strong>{kind} </strong>}
      {errorMessage(error)}
    </p>
  );
}
