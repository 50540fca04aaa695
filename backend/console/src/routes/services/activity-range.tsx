import type { Schemas } from '../../api/client';

export type ActivityRange = Schemas['ActivityWindowDto']['range'];
const RANGES: { value: ActivityRange; label: string }[] = [
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
];

export const readActivityRange = (params: URLSearchParams): ActivityRange => (params.get('activity') === '24h' ? '24h' : '1h');

/** The sparklines' window, as pressed buttons (kept in the URL as ?activity=). */
export function ActivityRangePicker({ value, onChange }: { value: ActivityRange; onChange(value: ActivityRange): void }) {
  return (
    <div className="chips" role="group" aria-label="Activity window">
      {RANGES.map((range) => (
        <button
          key={range.value}
          type="button"
          className="button button-small"
          aria-pressed={value === range.value}
          onClick={() => onChange(range.value)}
        >
          {range.label}
        </button>
      ))}
    </div>
  );
}
