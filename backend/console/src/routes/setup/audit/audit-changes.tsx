type Fields = Record<string, unknown> | null | undefined;

const shown = (value: unknown) => (value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value));

/** The fields an entry changed, as "name: before → after" (created and deleted things show one side). */
export function changedFields(before: Fields, after: Fields): { name: string; from: string; to: string }[] {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return names
    .filter((name) => JSON.stringify(before?.[name]) !== JSON.stringify(after?.[name]))
    .filter((name) => name !== 'updated_at')
    .map((name) => ({ name, from: shown(before?.[name]), to: shown(after?.[name]) }));
}

export function AuditChanges({ before, after }: { before: Fields; after: Fields }) {
  const changes = changedFields(before, after);
  if (changes.length === 0) return <span className="field-hint">—</span>;
  return (
    <ul className="audit-changes">
      {changes.map((change) => (
        <li key={change.name}>
          <code>{change.name}</code>: {before ? <span className="audit-from">{change.from}</span> : null}
          {before && after ? ' → ' : null}
          {after ? <span>{change.to}</span> : null}
        </li>
      ))}
    </ul>
  );
}
