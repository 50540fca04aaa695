import { api, errorMessage, type Schemas } from '../../../api/client';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { RelativeTime } from '../../../components/relative-time';
import { createBodyOf } from './rule-body';

type PreviewedIncident = Schemas['PreviewedIncidentDto'];
type PreviewRule = Schemas['PreviewDetectionRuleDto']['rule'];

const HOUR_MS = 3_600_000;
const RANGES = [
  { label: 'Preview last 24 h', hours: 24 },
  { label: 'Preview last 7 days', hours: 7 * 24 },
] as const;

const COLUMNS: Column<PreviewedIncident>[] = [
  { header: 'Opened', cell: (incident) => <RelativeTime value={incident.opened_at} /> },
  { header: 'Resolved', cell: (incident) => <RelativeTime value={incident.resolved_at} fallback="still open" /> },
  { header: 'Peak count', cell: (incident) => incident.peak_count },
  { header: 'Service', cell: (incident) => incident.service_id ?? 'every service' },
  { header: 'Group', cell: (incident) => (incident.group === undefined ? '—' : (incident.group ?? '(none)')) },
];

/** The rule as the form holds it now, without what a preview does not need (its name). */
function ruleOf(form: HTMLFormElement): PreviewRule {
  const { name: _name, ...rule } = createBodyOf(new FormData(form));
  return rule;
}

/**
 * "What would this rule have done?": replays the form's rule (not saved) over the last day or
 * week of logs and lists the incidents it would have opened, before anyone saves it.
 */
export function RulePreview({ formId }: { formId: string }) {
  const preview = api.useMutation('post', '/detection-rules/preview');
  const result = preview.data;

  function run(form: HTMLFormElement | null, hours: number) {
    if (!form) return;
    const to = new Date();
    preview.mutate({ body: { rule: ruleOf(form), from: new Date(to.getTime() - hours * HOUR_MS).toISOString(), to: to.toISOString() } });
  }

  return (
    <section className="rule-preview" aria-labelledby={`${formId}-preview-title`} aria-busy={preview.isPending}>
      <h3 id={`${formId}-preview-title`}>Preview</h3>
      <div className="form-actions">
        {RANGES.map((range) => (
          <button
            key={range.hours}
            type="button"
            className="button"
            disabled={preview.isPending}
            onClick={(event) => run(event.currentTarget.form, range.hours)}
          >
            {range.label}
          </button>
        ))}
      </div>
      {preview.error && (
        <p role="alert" className="form-alert">
          {errorMessage(preview.error)}
        </p>
      )}
      {result && !preview.isPending && (
        <div role="status">
          <p>
            {result.incidents.length === 0
              ? 'This rule would have opened no incident.'
              : `This rule would have opened ${result.incidents.length}${result.truncated ? '+' : ''} incident(s).`}{' '}
            Read from {result.source === 'minute_counts' ? 'per-minute counts' : 'the matching logs'}, exact to {result.granularity_seconds}{' '}
            s.
          </p>
          {result.incidents.length > 0 ? (
            <DataTable
              caption="Incidents the rule would have opened"
              columns={COLUMNS}
              rows={result.incidents}
              rowKey={(incident) => `${incident.opened_at}|${incident.service_id}|${incident.group}`}
            />
          ) : (
            <EmptyState title="No incident in this range" />
          )}
        </div>
      )}
    </section>
  );
}
