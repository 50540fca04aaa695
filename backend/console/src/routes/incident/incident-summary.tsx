import { useSession } from '../../session/session-context';
import { RelativeTime } from '../../components/relative-time';
import { ActionError } from './action-error';
import { useIncidentPost } from './use-incident-mutation';

/**
 * The written summary is made on request (it may call an LLM): the button asks for one. Each
 * summary is also recorded on the timeline, which is where earlier ones are read.
 */
export function IncidentSummary({ incidentId }: { incidentId: string }) {
  const { can } = useSession();
  const generate = useIncidentPost('/incidents/{id}/analysis/summary');
  const summary = generate.data;
  return (
    <div aria-live="polite">
      <h3>Summary</h3>
      {summary ? (
        <>
          <p>{summary.summary}</p>
          {summary.root_causes.length > 0 && (
            <>
              <p>Likely root causes:</p>
              <ul>
                {summary.root_causes.map((cause) => (
                  <li key={cause}>{cause}</li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">
            {summary.source === 'llm'
              ? `Written by ${summary.model ?? 'the language model'}`
              : 'Written from the analysis (no language model)'}
            , <RelativeTime value={summary.generated_at} />.
          </p>
        </>
      ) : (
        <p>No summary yet in this view; earlier ones are in the timeline.</p>
      )}
      {can('incident.summarize') && (
        <button
          type="button"
          className="button"
          disabled={generate.isPending}
          onClick={() => generate.mutate({ params: { path: { id: incidentId } } })}
        >
          {generate.isPending ? 'Generating summary…' : 'Generate summary'}
        </button>
      )}
      <ActionError error={generate.error} />
    </div>
  );
}
