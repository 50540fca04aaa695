import { Link } from 'react-router';
import { api } from '../../api/client';

/** "held by silence …": the silence's comment (its id while it loads), linking to the Silences screen. */
export function SilencedBy({ silenceId }: { silenceId: string }) {
  const silence = api.useQuery('get', '/silences/{id}', { params: { path: { id: silenceId } } });
  return (
    <>
      Held by silence <Link to="/silences">{silence.data ? `“${silence.data.comment}”` : silenceId}</Link>
    </>
  );
}
