import { keepPreviousData } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api, type Schemas } from '../../api/client';
import { ChoiceChips } from '../../components/choice-chips';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { PageTitle } from '../../components/page-title';
import { useNow } from '../../components/use-now';
import { PerDayChart } from './per-day-chart';
import { formatDuration, RANGES, rangeStart, readRange } from './stats-range';
import './overview.css';

type Stats = Schemas['IncidentStatsDto'];
type Day = Schemas['IncidentDayDto'];

const hasDays = (days: Day[] | null): days is [Day, ...Day[]] => !!days && days.length > 0;
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const;

function UnresolvedCard({ stats }: { stats: Stats }) {
  const now = stats.unresolved_now;
  return (
    <section className="stat-card" aria-labelledby="unresolved-title">
      <h2 id="unresolved-title">Unresolved now</h2>
      <dl>
        {SEVERITIES.map((severity) => (
          <div key={severity} className="contents">
            <dt>
              <Link to={`/incidents?severity=${severity}`}>{severity}</Link>
            </dt>
            <dd>{now.by_severity[severity]}</dd>
          </div>
        ))}
        <dt>Open (not acknowledged)</dt>
        <dd>{now.open}</dd>
        <dt>Acknowledged</dt>
        <dd>{now.acknowledged}</dd>
      </dl>
    </section>
  );
}

function DurationCard({ id, title, value }: { id: string; title: string; value: Stats['mtta_seconds'] }) {
  return (
    <section className="stat-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <dl>
        <dt>Mean</dt>
        <dd>{formatDuration(value.mean)}</dd>
        <dt>90th percentile</dt>
        <dd>{formatDuration(value.p90)}</dd>
        <dt>Incidents measured</dt>
        <dd>{value.count}</dd>
      </dl>
    </section>
  );
}

function RangeCard({ stats, days }: { stats: Stats; days: number }) {
  return (
    <section className="stat-card" aria-labelledby="range-title">
      <h2 id="range-title">Created in the last {days} days</h2>
      <dl>
        <dt>All</dt>
        <dd>{stats.total}</dd>
        <dt>Still open</dt>
        <dd>{stats.by_status.OPEN ?? 0}</dd>
        <dt>Acknowledged</dt>
        <dd>{stats.by_status.ACKNOWLEDGED ?? 0}</dd>
        <dt>Resolved</dt>
        <dd>{stats.by_status.RESOLVED ?? 0}</dd>
      </dl>
    </section>
  );
}

/** Open incidents by severity right now, MTTA/MTTR and incidents per day over a chosen range. */
export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  const days = readRange(params.get('days'));
  const from = rangeStart(days, useNow());
  const stats = api.useQuery('get', '/incidents/stats', { params: { query: { from } } }, { placeholderData: keepPreviousData });

  return (
    <>
      <PageTitle title="Overview" />
      <div className="toolbar">
        <ChoiceChips
          label="Range"
          choices={RANGES.map((range) => ({ value: range, label: `Last ${range} days` }))}
          value={days}
          onChange={(range) => setParams({ days: String(range) })}
        />
      </div>
      {stats.isPending ? (
        <Loading label="Loading incident statistics" />
      ) : stats.error ? (
        <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />
      ) : (
        <>
          <div className="stat-cards">
            <UnresolvedCard stats={stats.data} />
            <RangeCard stats={stats.data} days={days} />
            <DurationCard id="mtta" title="Time to acknowledge (MTTA)" value={stats.data.mtta_seconds} />
            <DurationCard id="mttr" title="Time to resolve (MTTR)" value={stats.data.mttr_seconds} />
          </div>
          {hasDays(stats.data.per_day) && <PerDayChart days={stats.data.per_day} />}
        </>
      )}
    </>
  );
}
