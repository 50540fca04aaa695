export interface Choice<T> {
  value: T;
  label: string;
}

/**
 * One choice out of a few, as a group of pressed buttons (the incidents' period, the overview's
 * range, the sparklines' window): screen readers hear which one is on through aria-pressed.
 */
export function ChoiceChips<T>({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange(value: T): void;
}) {
  return (
    <div className="chips" role="group" aria-label={label}>
      {choices.map((choice) => (
        <button
          key={String(choice.value)}
          type="button"
          className="chip"
          aria-pressed={choice.value === value}
          onClick={() => onChange(choice.value)}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}
