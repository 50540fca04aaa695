import { useState, type FormEvent } from 'react';
import { formatMetadata, LEVELS, parseMetadata, QUICK_RANGES, type LogFilters, type QuickRange } from './log-filters';

const toLocalInput = (iso?: string) => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};
const fromLocalInput = (value: string) => (value ? new Date(value).toISOString() : undefined);

/** Level choice as one select: "ERROR" exactly, or "min:WARN" for that level and above. */
const levelValue = (filters: LogFilters) => (filters.level ? filters.level : filters.minLevel ? `min:${filters.minLevel}` : '');

/**
 * The search's fields, applied together on submit (a search per keystroke would hammer the
 * API). Time: a quick pick, or "Custom" with absolute start and end in the browser's zone.
 */
export function LogSearchForm({ filters, onSearch }: { filters: LogFilters; onSearch(changes: Partial<LogFilters>): void }) {
  const [service, setService] = useState(filters.service ?? '');
  const [level, setLevel] = useState(levelValue(filters));
  const [q, setQ] = useState(filters.q ?? '');
  const [metadata, setMetadata] = useState(formatMetadata(filters.metadata));
  const [range, setRange] = useState<QuickRange | 'custom'>(filters.from ? 'custom' : filters.range);
  const [from, setFrom] = useState(toLocalInput(filters.from));
  const [to, setTo] = useState(toLocalInput(filters.to));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const custom = range === 'custom' && from && to;
    onSearch({
      service: service.trim() || undefined,
      level: level && !level.startsWith('min:') ? (level as LogFilters['level']) : undefined,
      minLevel: level.startsWith('min:') ? (level.slice(4) as LogFilters['minLevel']) : undefined,
      q: q.trim() || undefined,
      metadata: parseMetadata(metadata),
      range: range === 'custom' ? filters.range : range,
      from: custom ? fromLocalInput(from) : undefined,
      to: custom ? fromLocalInput(to) : undefined,
    });
  };

  return (
    <form className="search-form" role="search" aria-label="Search logs" onSubmit={submit}>
      <label className="field">
        Service
        <input type="text" value={service} onChange={(e) => setService(e.target.value)} placeholder="e.g. payment-service" />
      </label>
      <label className="field">
        Level
        <select value={level} onChange={(e) => setLevel(e.target.value)}>
          <option value="">Any level</option>
          <option value="min:WARN">WARN and above</option>
          <option value="min:ERROR">ERROR and above</option>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              Only {l}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        Time
        <select value={range} onChange={(e) => setRange(e.target.value as QuickRange | 'custom')}>
          {QUICK_RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom range</option>
        </select>
      </label>
      {range === 'custom' && (
        <>
          <label className="field">
            From
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} required />
          </label>
          <label className="field">
            To
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} required />
          </label>
        </>
      )}
      <label className="field">
        Words
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder='timeout -retry "gateway down"' />
      </label>
      <label className="field">
        Metadata
        <input type="text" value={metadata} onChange={(e) => setMetadata(e.target.value)} placeholder="env=prod http.status=500" />
      </label>
      <button type="submit" className="button button-primary">
        Search
      </button>
    </form>
  );
}
