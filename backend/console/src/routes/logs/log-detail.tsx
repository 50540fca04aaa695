import { api } from '../../api/client';
import { ErrorState } from '../../components/error-state';
import { Loading } from '../../components/loading';
import { absoluteTime } from '../../components/relative-time';
import { MetadataTree } from './metadata-tree';

/** One log, every field; its metadata as a tree. Opened from the results (?log=<id>, a deep link). */
export function LogDetail({ id, onClose }: { id: string; onClose(): void }) {
  const log = api.useQuery('get', '/logs/{id}', { params: { path: { id } } });
  return (
    <section className="log-detail" aria-labelledby="log-detail-title">
      <div className="toolbar">
        <h2 id="log-detail-title">Log {id}</h2>
        <button type="button" className="button button-small toolbar-end" onClick={onClose}>
          Close log detail
        </button>
      </div>
      {log.isPending ? (
        <Loading label="Loading the log" />
      ) : log.error ? (
        <ErrorState error={log.error} title="Could not load this log" />
      ) : (
        <dl>
          <dt>Time</dt>
          <dd>
            <time dateTime={log.data.timestamp}>{absoluteTime(log.data.timestamp)}</time>
          </dd>
          <dt>Received</dt>
          <dd>
            <time dateTime={log.data.received_at}>{absoluteTime(log.data.received_at)}</time>
          </dd>
          <dt>Service</dt>
          <dd>{log.data.service_id}</dd>
          <dt>Level</dt>
          <dd className={`level level-${log.data.level.toLowerCase()}`}>{log.data.level}</dd>
          <dt>Message</dt>
          <dd className="log-message">{log.data.message}</dd>
          <dt>Metadata</dt>
          <dd>{log.data.metadata ? <MetadataTree value={log.data.metadata} /> : 'None'}</dd>
        </dl>
      )}
    </section>
  );
}
