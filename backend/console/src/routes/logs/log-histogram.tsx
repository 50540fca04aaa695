import { useRef, useState, type PointerEvent } from 'react';
import type { Schemas } from '../../api/client';
import { absoluteTime } from '../../components/relative-time';
import { LEVELS, type TimeRange } from './log-filters';

type Stats = Schemas['LogStatsDto'];

const WIDTH = 1000;
const HEIGHT = 120;
const INTERVAL_MS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000, '1d': 86_400_000 } as const;

/**
 * Log volume per bucket, stacked by level (hand-written SVG: sizes are attributes, the CSP
 * forbids style attributes). Click-drag across bars to zoom the search to that span; the same
 * numbers are in a visually hidden table for screen readers.
 */
export function LogHistogram({ stats, onZoom }: { stats: Stats; onZoom(range: TimeRange): void }) {
  const svg = useRef<SVGSVGElement>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const buckets = stats.buckets;
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const barWidth = WIDTH / Math.max(1, buckets.length);
  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  const interval = INTERVAL_MS[stats.interval];

  const bucketAt = (event: PointerEvent) => {
    const box = svg.current!.getBoundingClientRect();
    const index = Math.floor(((event.clientX - box.left) / box.width) * buckets.length);
    return Math.min(buckets.length - 1, Math.max(0, index));
  };
  const finish = () => {
    if (drag && drag.start !== drag.end) {
      const [first, last] = [Math.min(drag.start, drag.end), Math.max(drag.start, drag.end)];
      onZoom({ from: buckets[first]!.start, to: new Date(Date.parse(buckets[last]!.start) + interval).toISOString() });
    }
    setDrag(null);
  };

  const summary =
    `Log volume of ${stats.service_id ?? 'all services'} by level, ${total} logs in ${buckets.length} buckets of ${stats.interval}` +
    ` from ${absoluteTime(stats.from)} to ${absoluteTime(stats.to)}. Drag across the bars to zoom in.`;
  return (
    <figure className="histogram">
      <svg
        ref={svg}
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="histogram-chart"
        onPointerDown={(event) => {
          svg.current!.setPointerCapture?.(event.pointerId);
          const index = bucketAt(event);
          setDrag({ start: index, end: index });
        }}
        onPointerMove={(event) => drag && setDrag({ ...drag, end: bucketAt(event) })}
        onPointerUp={finish}
        onPointerCancel={() => setDrag(null)}
      >
        {buckets.map((bucket, index) => {
          let y = HEIGHT;
          return (
            <g key={bucket.start}>
              <title>{`${absoluteTime(bucket.start)}: ${bucket.total} logs`}</title>
              <rect x={index * barWidth} y={0} width={barWidth} height={HEIGHT} className="histogram-hit" />
              {LEVELS.map((level) => {
                const height = (bucket.counts[level] / max) * HEIGHT;
                y -= height;
                return height > 0 ? (
                  <rect
                    key={level}
                    x={index * barWidth + barWidth * 0.1}
                    y={y}
                    width={barWidth * 0.8}
                    height={height}
                    className={`bar-${level.toLowerCase()}`}
                  />
                ) : null;
              })}
            </g>
          );
        })}
        {drag && (
          <rect
            x={Math.min(drag.start, drag.end) * barWidth}
            y={0}
            width={(Math.abs(drag.end - drag.start) + 1) * barWidth}
            height={HEIGHT}
            className="histogram-selection"
          />
        )}
      </svg>
      <figcaption className="histogram-legend">
        <span>
          {absoluteTime(stats.from)} – {absoluteTime(stats.to)}
        </span>
        {LEVELS.map((level) => (
          <span key={level} className="legend-item">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" className={`bar-${level.toLowerCase()}`} />
            </svg>
            {level}
          </span>
        ))}
      </figcaption>
      <HistogramTable stats={stats} />
    </figure>
  );
}

function HistogramTable({ stats }: { stats: Stats }) {
  return (
    <table className="visually-hidden">
      <caption>Logs per bucket and level</caption>
      <thead>
        <tr>
          <th scope="col">Bucket start</th>
          {LEVELS.map((level) => (
            <th key={level} scope="col">
              {level}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {stats.buckets
          .filter((bucket) => bucket.total > 0)
          .map((bucket) => (
            <tr key={bucket.start}>
              <th scope="row">{absoluteTime(bucket.start)}</th>
              {LEVELS.map((level) => (
                <td key={level}>{bucket.counts[level]}</td>
              ))}
            </tr>
          ))}
      </tbody>
    </table>
  );
}
