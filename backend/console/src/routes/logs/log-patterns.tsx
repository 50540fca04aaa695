import { useState } from 'react';
import { api } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import type { TimeRange } from './log-filters';

const PATTERN_LIMIT = 20;

/**
 * The message templates of the current search (service, level and time; the pattern API has
 * no word or metadata filter). Mined on demand: only once the panel is opened.
 */
export function LogPatterns({ query, range }: { query: Record<string, string>; range: TimeRange }) {
  const [open, setOpen] = useState(false);
  const { service_id, level, min_level } = query;
  const patterns = api.useQuery(
    'get',
    '/logs/patterns',
    { params: { query: { service_id, level, min_level, ...range, limit: PATTERN_LIMIT } as { limit: number } } },
    { enabled: open },
  );
  return (
    <details className="panel" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Patterns of this search</summary>
      {!open ? null : patterns.isPending ? (
        <Loading label="Finding patterns" />
      ) : patterns.error ? (
        <ErrorState error={patterns.error} title="Could not find patterns" />
      ) : patterns.data.patterns.length === 0 ? (
        <EmptyState title="No logs to find patterns in." />
      ) : (
        <>
          <p>
            {patterns.data.total_templates} templates in {patterns.data.scanned} logs
            {patterns.data.truncated ? ' (the newest logs only: the window held too many)' : ''}.
          </p>
          <DataTable
            caption="Message patterns, most frequent first"
            columns={[
              { header: 'Count', cell: (p) => p.count, className: 'cell-number' },
              { header: 'Template', cell: (p) => <span className="log-message">{p.template}</span>, className: 'cell-grow' },
              { header: 'Services', cell: (p) => p.services.join(', ') },
              {
                header: 'Levels',
                cell: (p) =>
                  Object.entries(p.levels)
                    .map(([l, n]) => `${l} ${n}`)
                    .join(', '),
              },
            ]}
            rows={patterns.data.patterns}
            rowKey={(p) => p.template}
          />
        </>
      )}
    </details>
  );
}
