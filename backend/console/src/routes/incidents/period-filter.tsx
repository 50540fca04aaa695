import { PERIODS, type Period } from './incident-filters';

/** Quick picks for when incidents were opened; "All time" clears the window. */
export function PeriodFilter({ value, onChange }: { value?: Period; onChange(value?: Period): void }) {
  return (
    <div role="group" aria-label="Opened" className="chips">
      {PERIODS.map((period) => (
        <button
          key={period.value}
          type="button"
          className="chip"
          aria-pressed={value === period.value}
          onClick={() => onChange(period.value)}
        >
          {period.label}
        </button>
      ))}
      <button type="button" className="chip" aria-pressed={value === undefined} onClick={() => onChange(undefined)}>
        All time
      </button>
    </div>
  );
}
