/** A log's metadata as a nested list: objects and arrays open into their fields. */
export function MetadataTree({ value }: { value: unknown }) {
  if (value === null || typeof value !== 'object') return <span>{JSON.stringify(value)}</span>;
  const entries = Array.isArray(value) ? value.map((item, i) => [String(i), item] as const) : Object.entries(value);
  if (entries.length === 0) return <span>{Array.isArray(value) ? '[]' : '{}'}</span>;
  return (
    <ul className="metadata-tree">
      {entries.map(([key, child]) => (
        <li key={key}>
          <span className="metadata-key">{key}:</span> <MetadataTree value={child} />
        </li>
      ))}
    </ul>
  );
}
