import type { Schemas } from '../../api/client';
import { Sparkline } from '../../components/sparkline';

type Activity = Schemas['ServiceActivityDto'];
type Window = Schemas['ActivityWindowDto'];

const WINDOW_TEXT: Record<Window['range'], string> = { '1h': 'last hour', '24h': 'last 24 hours' };

/** Percent of ERROR and FATAL per bucket; a bucket without logs counts as 0 %. */
export const errorRates = (activity: Activity) =>
  activity.volume.map((volume, i) => (volume > 0 ? ((activity.errors[i] ?? 0) / volume) * 100 : 0));

/** Volume and error-rate sparklines, each with a spoken summary (total, peak). */
export function activitySparklines({ serviceId, activity, window }: { serviceId: string; activity: Activity; window: Window }) {
  const total = activity.volume.reduce((sum, n) => sum + n, 0);
  const errors = activity.errors.reduce((sum, n) => sum + n, 0);
  const rates = errorRates(activity);
  const span = WINDOW_TEXT[window.range];
  return {
    volume: (
      <Sparkline
        values={activity.volume}
        label={`${serviceId}: ${total} logs in the ${span}, at most ${Math.max(0, ...activity.volume)} per ${window.interval}`}
      />
    ),
    errorRate: (
      <Sparkline
        values={rates}
        className="sparkline-errors"
        label={`${serviceId}: ${errors} errors in the ${span} (${total ? Math.round((errors / total) * 100) : 0} %), peak ${Math.round(Math.max(0, ...rates))} % per ${window.interval}`}
      />
    ),
  };
}
