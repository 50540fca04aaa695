import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, type Schemas } from '../../../api/client';
import { SeverityBadge } from '../../../components/badges';
import { DataTable, type Column } from '../../../components/data-table';
import { EmptyState } from '../../../components/empty-state';
import { ErrorState } from '../../../components/error-state';
import { Loading } from '../../../components/loading';
import { PageTitle } from '../../../components/page-title';
import { RuleForm } from './rule-form';

type Rule = Schemas['DetectionRuleDto'];

const KIND_LABELS: Record<Rule['kind'], string> = {
  THRESHOLD: 'Threshold',
  ANOMALY: 'Anomaly',
  ABSENCE: 'Absence',
  NEW_PATTERN: 'New pattern',
};

function condition(rule: Rule): string {
  if (rule.kind === 'ABSENCE') {
    const from = rule.service_id ? `from ${rule.service_id}` : 'from any service';
    return `Fewer than ${rule.min_count} ${rule.level}+ logs ${from} over ${rule.window_seconds} s`;
  }
  if (rule.kind === 'NEW_PATTERN') {
    const from = rule.service_id ? `from ${rule.service_id}` : 'per service';
    return `New ${rule.level}+ message templates ${from}, after ${rule.learning_seconds} s of learning`;
  }
  const scope = rule.service_id ? `in ${rule.service_id}` : 'per service';
  const counted = `${rule.level}+ logs ${scope} over ${rule.window_seconds} s`;
  const perGroup = rule.group_by ? `, per ${rule.group_by}` : '';
  if (rule.kind === 'THRESHOLD') return `More than ${rule.threshold} ${counted}${perGroup}`;
  return `${counted}, z-score above ${rule.z_score} against ${rule.baseline_minutes} min`;
}

function RuleActions({ rule, onEdit }: { rule: Rule; onEdit(rule: Rule): void }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ predicate: (query) => String(query.queryKey[1]).startsWith('/detection-rules') });
  const update = api.useMutation('patch', '/detection-rules/{id}', { onSettled: refresh });
  const remove = api.useMutation('delete', '/detection-rules/{id}', { onSettled: refresh });
  const path = { id: rule.id };
  const error = update.error ?? remove.error;
  return (
    <div className="inline-form">
      <button type="button" className="button button-small" onClick={() => onEdit(rule)}>
        Edit <span className="visually-hidden">{rule.name}</span>
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={update.isPending}
        onClick={() => update.mutate({ params: { path }, body: { enabled: !rule.enabled } })}
      >
        {rule.enabled ? 'Disable' : 'Enable'} <span className="visually-hidden">{rule.name}</span>
      </button>
      <button
        type="button"
        className="button button-small"
        disabled={remove.isPending}
        onClick={() => window.confirm(`Delete the rule "${rule.name}"? Its incidents stay.`) && remove.mutate({ params: { path } })}
      >
        Delete <span className="visually-hidden">{rule.name}</span>
      </button>
      {error && (
        <span role="alert" className="form-error">
          {errorMessage(error)}
        </span>
      )}
    </div>
  );
}

const columnsFor = (onEdit: (rule: Rule) => void): Column<Rule>[] => [
  { header: 'Name', cell: (rule) => rule.name },
  { header: 'Kind', cell: (rule) => KIND_LABELS[rule.kind] },
  { header: 'Opens an incident when', cell: condition, className: 'cell-grow' },
  { header: 'Severity', cell: (rule) => <SeverityBadge severity={rule.severity} /> },
  { header: 'Enabled', cell: (rule) => (rule.enabled ? 'Yes' : 'No') },
  { header: 'Actions', cell: (rule) => <RuleActions rule={rule} onEdit={onEdit} /> },
];

/** The detection rules, and a form to add one or (after Edit on a row) to change one. */
export function RulesPage() {
  const rules = api.useQuery('get', '/detection-rules');
  const [editingId, setEditingId] = useState<string>();
  // The editor follows the listed rule, so it closes by itself if the rule is deleted meanwhile.
  const editing = rules.data?.find((rule) => rule.id === editingId);
  const columns = columnsFor((rule) => setEditingId(rule.id));
  return (
    <>
      <PageTitle title="Detection rules" />
      {rules.isPending ? (
        <Loading label="Loading detection rules" />
      ) : rules.error ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.length === 0 ? (
        <EmptyState title="No detection rules: no incident is opened automatically." />
      ) : (
        <DataTable caption="Detection rules" columns={columns} rows={rules.data} rowKey={(rule) => rule.id} />
      )}
      {editing && <RuleForm key={editing.id} rule={editing} onDone={() => setEditingId(undefined)} />}
      <RuleForm />
    </>
  );
}
