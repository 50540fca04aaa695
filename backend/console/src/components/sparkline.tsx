const WIDTH = 120;
const HEIGHT = 28;

/**
 * A tiny line of numbers, oldest first (hand-written SVG: the CSP forbids style attributes, so
 * sizes are attributes and colours are classes). `label` is the accessible summary; the points
 * themselves are decoration for sighted users.
 */
export function Sparkline({ values, label, className = '' }: { values: number[]; label: string; className?: string }) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? WIDTH / (values.length - 1) : WIDTH;
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(HEIGHT - 1 - (value / max) * (HEIGHT - 2)).toFixed(1)}`).join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className={`sparkline ${className}`}
    >
      <polyline points={points} className="sparkline-line" />
    </svg>
  );
}
