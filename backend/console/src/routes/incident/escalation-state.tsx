import { api } from '../../api/client';
import { RelativeTime } from '../../components/relative-time';

const STATES: Record<string, string> = {
  ESCALATING: 'Escalating',
  ACKNOWLEDGED: 'Paused: acknowledged',
  EXHAUSTED: 'Every step paged',
  STOPPED: 'Stopped: resolved',
};

/** Where the incident's escalation policy stands: the last step paged and when the next one is due. */
export function EscalationState({ incidentId }: { incidentId: string }) {
  const escalation = api.useQuery('get', '/incidents/{id}/escalation', { params: { path: { id: incidentId } } });
  if (!escalation.data) return null;
  const e = escalation.data;
  return (
    <section aria-labelledby="escalation-title" className="incident-escalation">
      <h2 id="escalation-title">Escalation</h2>
      {e.state === 'NONE' ? (
        <p>No escalation policy applies to this incident.</p>
      ) : (
        <dl className="facts">
          <dt>Policy</dt>
          <dd>{e.policy_name}</dd>
          <dt>Escalation state</dt>
          <dd>{STATES[e.state] ?? e.state}</dd>
          <dt>Current step</dt>
          <dd>
            {e.current_step ? `step ${e.current_step} of ${e.step_count}, round ${e.current_round} of ${e.round_count}` : 'none paged yet'}
            {e.current_step_at && (
              <>
                {' '}
                (<RelativeTime value={e.current_step_at} />)
              </>
            )}
          </dd>
          <dt>{e.state === 'ACKNOWLEDGED' ? 'Acknowledgement times out' : 'Next step due'}</dt>
          <dd>
            {e.next_step_at ? (
              <>
                {e.next_step ? `step ${e.next_step} ` : ''}
                <RelativeTime value={e.next_step_at} />
              </>
            ) : (
              'nothing due'
            )}
          </dd>
        </dl>
      )}
    </section>
  );
}
