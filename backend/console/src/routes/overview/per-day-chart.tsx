import type { Schemas } from '../../api/client';

type Day = Schemas['IncidentDayDto'];

// Drawn in viewBox units; the SVG scales to its container's width (CSS), heights are attributes
// (the CSP forbids style attributes, so no data-driven inline styles).
const WIDTH = 1200;
const HEIGHT = 140;
const AXIS = 20;

const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLabel = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/**
 * Incidents created per UTC day, as bars. Screen readers get a summary (role img + label) and
 * each bar's own title; the same numbers are in a table beneath for those who want them all.
 */
export function PerDayChart({ days }: { days: [Day, ...Day[]] }) {
  const max = Math.max(1, ...days.map((day) => day.total));
  const total = days.reduce((sum, day) => sum + day.total, 0);
  const busiest = days.reduce((best, day) => (day.total > best.total ? day : best));
  const slot = WIDTH / days.length;
  const barWidth = Math.max(1, slot * 0.7);
  const summary =
    total === 0
      ? `No incidents in the last ${days.length} days.`
      : `${total} incidents in ${days.length} days; the busiest day was ${dayLabel(busiest.day)} with ${busiest.total}.`;

  return (
    <figure className="per-day">
      <figcaption id="per-day-title">Incidents per day (UTC)</figcaption>
      <svg className="per-day-chart" viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-labelledby="per-day-title per-day-summary">
        <desc id="per-day-summary">{summary}</desc>
        <line className="axis" x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        {days.map((day, index) => {
          // The top 18 units are kept for the scale label.
          const height = (day.total / max) * (HEIGHT - 18);
          return (
            <rect
              key={day.day}
              className="bar"
              x={index * slot + (slot - barWidth) / 2}
              y={HEIGHT - height}
              width={barWidth}
              height={height}
            >
              <title>{`${dayLabel(day.day)}: ${day.total}`}</title>
            </rect>
          );
        })}
        <text className="axis-label" x={0} y={HEIGHT + 15}>
          {dayLabel(days[0].day)}
        </text>
        <text className="axis-label" x={WIDTH} y={HEIGHT + 15} textAnchor="end">
          {dayLabel(days[days.length - 1]!.day)}
        </text>
        <text className="axis-label" x={0} y={12}>
          {`Highest: ${max} a day`}
        </text>
      </svg>
      <details>
        <summary>Incidents per day as a table</summary>
        <table className="data-table">
          <caption className="visually-hidden">Incidents per day</caption>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              <th scope="col">Incidents</th>
              <th scope="col">Critical</th>
              <th scope="col">High</th>
              <th scope="col">Medium</th>
              <th scope="col">Low</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.day}>
                <th scope="row">{day.day}</th>
                <td className="cell-number">{day.total}</td>
                <td className="cell-number">{day.by_severity.CRITICAL}</td>
                <td className="cell-number">{day.by_severity.HIGH}</td>
                <td className="cell-number">{day.by_severity.MEDIUM}</td>
                <td className="cell-number">{day.by_severity.LOW}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
