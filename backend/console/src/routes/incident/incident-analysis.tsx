import { api, type Schemas } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { IncidentSummary } from './incident-summary';

type Pattern = Schemas['PatternDto'];
type Rising = Schemas['RisingPatternDto'];

// The analysis returns up to 50 patterns and 10 risers; the first few tell the story.
const SHOWN = 5;

const PATTERN_COLUMNS: Column<Pattern>[] = [
  { header: 'Pattern', cell: (p) => <code>{p.template}</code>, className: 'cell-grow' },
  { header: 'Logs', cell: (p) => p.count, className: 'cell-number' },
  { header: 'Services', cell: (p) => p.services.join(', ') },
];

const RISING_COLUMNS: Column<Rising>[] = [
  { header: 'Pattern', cell: (r) => <code>{r.template}</code>, className: 'cell-grow' },
  { header: 'During', cell: (r) => `${r.incident_count} logs`, className: 'cell-number' },
  { header: 'Hour before', cell: (r) => `${r.baseline_count} logs`, className: 'cell-number' },
  { header: 'Rate ratio', cell: (r) => `×${r.ratio.toFixed(1)}`, className: 'cell-number' },
];

/** What the logs say: the dominant patterns, what rose against the hour before, and a written summary. */
export function IncidentAnalysis({ incidentId }: { incidentId: string }) {
  const analysis = api.useQuery('get', '/incidents/{id}/analysis', { params: { path: { id: incidentId } } });
  return (
    <section aria-labelledby="analysis-heading" className="panel">
      <h2 id="analysis-heading">Analysis</h2>
      {analysis.isPending ? (
        <Loading label="Analysing the incident's logs" />
      ) : analysis.error ? (
        <ErrorState error={analysis.error} onRetry={() => void analysis.refetch()} />
      ) : (
        <>
          <h3>Dominant patterns</h3>
          {analysis.data.patterns.length === 0 ? (
            <EmptyState title="No logs to find patterns in." />
          ) : (
            <DataTable
              caption="Dominant patterns"
              columns={PATTERN_COLUMNS}
              rows={analysis.data.patterns.slice(0, SHOWN)}
              rowKey={(p) => p.template}
            />
          )}
          <h3>What rose</h3>
          {analysis.data.rising.length === 0 ? (
            <p>Nothing rose against the hour before the incident.</p>
          ) : (
            <DataTable
              caption="What rose"
              columns={RISING_COLUMNS}
              rows={analysis.data.rising.slice(0, SHOWN)}
              rowKey={(r) => r.template}
            />
          )}
          {analysis.data.linked_logs.truncated && (
            <p className="muted">
              Based on the newest {analysis.data.linked_logs.analysed} of {analysis.data.linked_logs.total} logs.
            </p>
          )}
        </>
      )}
      <IncidentSummary incidentId={incidentId} />
    </section>
  );
}
