import type { Schemas } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { absoluteTime } from '../../components/relative-time';

type Log = Schemas['LogDto'];

/** Logs, newest first; the message opens the log's detail. Shared by the search results and the live tail. */
export function LogTable({ logs, caption, onOpen }: { logs: Log[]; caption: string; onOpen(id: string): void }) {
  const columns: Column<Log>[] = [
    { header: 'Time', cell: (log) => <time dateTime={log.timestamp}>{absoluteTime(log.timestamp)}</time> },
    { header: 'Level', cell: (log) => <span className={`level level-${log.level.toLowerCase()}`}>{log.level}</span> },
    { header: 'Service', cell: (log) => log.service_id },
    {
      header: 'Message',
      className: 'cell-grow',
      cell: (log) => (
        <button type="button" className="link-button log-message" onClick={() => onOpen(log.id)}>
          {log.message}
        </button>
      ),
    },
  ];
  return <DataTable caption={caption} columns={columns} rows={logs} rowKey={(log) => log.id} />;
}
